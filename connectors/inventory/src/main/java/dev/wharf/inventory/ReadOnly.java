package dev.wharf.inventory;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The read-only policy, one place for the desktop's {@code Backend} and the command line: a
 * read-only connection performs no action, opens no shell (exec, attach), and every capability
 * method marked {@link Mutates} fails; reads (list, describe, logs, a serial console to watch)
 * pass. Wrapping is generic: a capability added tomorrow is guarded as soon as its writing
 * methods carry the mark.
 *
 * <p>Refusals are a {@link WharfException} "&lt;source&gt; is read-only: …", as a failed future
 * where the method returns one.
 */
public final class ReadOnly {
    /** Consoles that let the user change the guest or container, refused outright. */
    public static final Set<ConsoleType> WRITING_CONSOLES = EnumSet.of(ConsoleType.EXEC, ConsoleType.ATTACH);

    private ReadOnly() {
    }

    /** The refusal: "{@code source} is read-only: {@code what} is not allowed; …". */
    public static WharfException refusal(String source, String what) {
        return new WharfException(source + " is read-only: " + what + " is not allowed"
                + " (reconnect it without read-only to change anything)");
    }

    /**
     * A graphical console opened on a read-only connection: its bytes are protocol messages (RFB)
     * that only the client can tell apart, so the client must send no input (keys, pointer,
     * clipboard) on it and say that it only shows. See {@link #isViewOnly(ConsoleStream)}.
     */
    public interface ViewOnly {
    }

    /** Whether {@code stream} was opened on a read-only connection and must only be watched. */
    public static boolean isViewOnly(ConsoleStream stream) {
        return stream instanceof ViewOnly;
    }

    /** Whether {@code type} is refused on a read-only connection. */
    public static boolean refusesConsole(ConsoleType type) {
        return WRITING_CONSOLES.contains(type);
    }

    /** {@code source} as a read-only connection named {@code name} in messages. */
    public static Source source(Source source, String name) {
        return source instanceof Guarded ? source : new Guarded(source, name);
    }

    /**
     * {@code capability} of a read-only source: methods marked {@link Mutates} (on {@code type} or
     * any interface it extends) fail, every other method passes to {@code capability}.
     */
    @SuppressWarnings("unchecked")
    public static <T> T capability(Class<T> type, T capability, String source) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface: capabilities are interfaces");
        }
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "read-only " + capability;
                    default -> m.invoke(capability, args);
                };
            }
            if (m.isAnnotationPresent(Mutates.class)) {
                WharfException refused = refusal(source, what(m));
                Class<?> r = m.getReturnType();
                if (r != Object.class && r.isAssignableFrom(CompletableFuture.class)) {
                    return CompletableFuture.failedFuture(refused);
                }
                throw refused;
            }
            try {
                return m.invoke(capability, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /** Whether {@code o} is a guarded (read-only) capability or source. */
    public static boolean isGuarded(Object o) {
        return o instanceof Guarded || o != null && Proxy.isProxyClass(o.getClass())
                && Proxy.getInvocationHandler(o).getClass().getEnclosingClass() == ReadOnly.class;
    }

    /** What a refused method is called in the message: "Snapshots.create (it changes something)". */
    static String what(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + " (it changes something)";
    }

    /** A serial console that only shows: typing is dropped, special keys are refused. */
    static ConsoleStream viewOnly(ConsoleStream s) {
        return new ConsoleStream() {
            @Override
            public String description() {
                return s.description() + " (view only: the connection is read-only, typing is off)";
            }

            @Override
            public void start(Listener listener) {
                s.start(listener);
            }

            @Override
            public void write(byte[] data) {
                // read-only: keystrokes go nowhere
            }

            @Override
            public void resize(int columns, int rows) {
                s.resize(columns, rows);
            }

            @Override
            public Set<SpecialKey> specialKeys() {
                return Set.of();
            }

            @Override
            public void sendSpecial(SpecialKey key) throws IOException {
                throw new IOException(description() + " cannot send " + key);
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    /** A graphical console marked {@link ViewOnly}; a password the source knows is kept. */
    static ConsoleStream viewOnlyGraphics(ConsoleStream s) {
        if (s instanceof ViewOnly) {
            return s;
        }
        return s instanceof ConsolePassword p ? new ViewOnlyGraphicsWithPassword(s, p) : new ViewOnlyGraphics(s);
    }

    /** The stream unchanged but for its mark and its description. */
    private static class ViewOnlyGraphics implements ConsoleStream, ViewOnly {
        private final ConsoleStream s;

        ViewOnlyGraphics(ConsoleStream s) {
            this.s = s;
        }

        @Override
        public String description() {
            return s.description() + " (view only: read-only connection)";
        }

        @Override
        public void start(Listener listener) {
            s.start(listener);
        }

        @Override
        public void write(byte[] data) throws IOException {
            s.write(data); // the RFB client's own messages (handshake, update requests); it sends no input
        }

        @Override
        public void resize(int columns, int rows) {
            s.resize(columns, rows);
        }

        @Override
        public Set<SpecialKey> specialKeys() {
            return Set.of();
        }

        @Override
        public void sendSpecial(SpecialKey key) throws IOException {
            throw new IOException(description() + " cannot send " + key);
        }

        @Override
        public void close() {
            s.close();
        }
    }

    private static final class ViewOnlyGraphicsWithPassword extends ViewOnlyGraphics implements ConsolePassword {
        private final ConsolePassword p;

        ViewOnlyGraphicsWithPassword(ConsoleStream s, ConsolePassword p) {
            super(s);
            this.p = p;
        }

        @Override
        public Optional<char[]> vncPassword() {
            return p.vncPassword();
        }
    }

    /** A source that refuses what writes and passes what reads. */
    private static final class Guarded implements Source {
        private final Source s;
        private final String name;

        Guarded(Source s, String name) {
            this.s = s;
            this.name = name;
        }

        @Override
        public String id() {
            return s.id();
        }

        @Override
        public void start() {
            s.start();
        }

        @Override
        public void startOnce() {
            s.startOnce();
        }

        @Override
        public CompletableFuture<Void> perform(Item item, Action action) {
            return CompletableFuture.failedFuture(refusal(name, action.label() + " " + item.name()));
        }

        @Override
        public CompletableFuture<String> describe(Item item) {
            return s.describe(item);
        }

        @Override
        public CompletableFuture<List<ItemEvent>> events(Item item) {
            return s.events(item);
        }

        @Override
        public CompletableFuture<ConsoleStream> openConsole(Item item, ConsoleRequest request) {
            if (refusesConsole(request.type())) {
                return CompletableFuture.failedFuture(refusal(name, (request.type() == ConsoleType.EXEC
                        ? "a shell (exec) in " : "attaching to ") + item.name()));
            }
            if (request.force()) {
                return CompletableFuture.failedFuture(refusal(name, "taking over the console of " + item.name()));
            }
            // serial: the bytes typed are the guest's input, dropped; a graphical console's input is
            // protocol messages (RFB), which only its client can tell apart: marked ViewOnly for it
            return request.type() == ConsoleType.SERIAL ? s.openConsole(item, request).thenApply(ReadOnly::viewOnly)
                    : s.openConsole(item, request).thenApply(ReadOnly::viewOnlyGraphics);
        }

        @Override
        public <T> Optional<T> capability(Class<T> type) {
            return s.capability(type).map(c -> ReadOnly.capability(type, c, name));
        }

        @Override
        public void retry() {
            s.retry();
        }

        @Override
        public void close() {
            s.close();
        }

        @Override
        public String toString() {
            return "read-only " + s;
        }
    }
}
