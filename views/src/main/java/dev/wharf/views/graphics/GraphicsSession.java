package dev.wharf.views.graphics;

import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsolePassword;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ReadOnly;
import dev.wharf.rfb.Framebuffer;
import dev.wharf.rfb.Keys;
import dev.wharf.rfb.PushInputStream;
import dev.wharf.rfb.Rect;
import dev.wharf.rfb.RfbClient;
import dev.wharf.rfb.RfbException;
import dev.wharf.rfb.RfbListener;
import dev.wharf.rfb.RfbOptions;
import dev.wharf.views.console.ConsoleViewModel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * An RFB session on top of a graphical console, without JavaFX: each stream the
 * {@link ConsoleViewModel} connects (first time, reconnect with backoff, take over) gets a new
 * {@link RfbClient} whose handshake runs on {@code connector}; the stream's bytes reach it through a
 * {@link PushInputStream}. What the session reports goes to {@code display} (from the RFB reader
 * thread), only while it is the current one. An RFB failure (wrong password, malformed update)
 * ends the stream with a message the status line shows; reconnecting follows the view model's rules.
 */
public final class GraphicsSession implements AutoCloseable {
    private final ConsoleViewModel model;
    private final RfbListener display;
    private final Supplier<char[]> askPassword;
    private final Executor connector;
    private volatile Attempt current;

    /** One stream and the RFB client on it. */
    private static final class Attempt {
        final ConsoleStream stream;
        final PushInputStream in = new PushInputStream();
        volatile RfbClient client;
        volatile Framebuffer framebuffer;

        Attempt(ConsoleStream stream) {
            this.stream = stream;
        }

        void end() {
            in.end(null);
            RfbClient c = client;
            if (c != null) {
                c.close();
            }
        }
    }

    /**
     * @param password  asked when the server wants VNC authentication (on {@code connector}; may wait
     *                  for the user); returns null to give up
     * @param connector runs the blocking RFB handshakes
     */
    public GraphicsSession(ConsoleViewModel model, RfbListener display, Supplier<char[]> password, Executor connector) {
        this.model = model;
        this.display = display;
        this.askPassword = password;
        this.connector = connector;
        model.onStream(this::started);
        model.onOutput(bytes -> {
            Attempt a = current;
            if (a != null) {
                a.in.push(bytes);
            }
        });
        model.addListener(() -> {
            if (model.phase() != ConsoleViewModel.Phase.CONNECTED) {
                endCurrent();
            }
        });
    }

    public ConsoleViewModel model() {
        return model;
    }

    /** The current desktop's pixels, or null before a session's handshake is done. */
    public Framebuffer framebuffer() {
        Attempt a = current;
        return a == null ? null : a.framebuffer;
    }

    /**
     * Whether the current console only shows: it was opened on a read-only connection
     * ({@link ReadOnly#isViewOnly}), and no key, pointer or typed text is sent on it.
     */
    public boolean viewOnly() {
        Attempt a = current;
        return a != null && ReadOnly.isViewOnly(a.stream);
    }

    /** The current RFB client that may send input, or null (none, or view only). */
    private RfbClient input() {
        Attempt a = current;
        return a == null || ReadOnly.isViewOnly(a.stream) ? null : a.client;
    }

    /** The current RFB client, or null. */
    public RfbClient client() {
        Attempt a = current;
        return a == null ? null : a.client;
    }

    /** Presses or releases a key; nothing happens without a session or on a view-only one. */
    public void key(int scancode, int keysym, boolean down) {
        RfbClient c = input();
        if (c != null) {
            try {
                c.keyEvent(scancode, keysym, down);
            } catch (IOException e) {
                // the session is ending; its end says why
            }
        }
    }

    /** Presses {@code keys} in order and releases them in reverse (Ctrl+Alt+Del). */
    public void chord(Keys.Key... keys) {
        RfbClient c = input();
        if (c != null) {
            connector.execute(() -> {
                try {
                    Keys.chord(c, keys);
                } catch (IOException e) {
                    // the session is ending
                }
            });
        }
    }

    /**
     * Types {@code text} as key events (US key positions). Fails at once, naming the character,
     * when a character cannot be typed; nothing is typed then.
     */
    public void type(String text) {
        Keys.strokes(text); // throws IllegalArgumentException naming the first untypeable character
        RfbClient c = input();
        if (c != null) {
            connector.execute(() -> {
                try {
                    Keys.type(c, text);
                } catch (IOException e) {
                    // the session is ending
                }
            });
        }
    }

    /** Moves the pointer (framebuffer coordinates) with these buttons down. */
    public void pointer(int x, int y, int buttons) {
        RfbClient c = input();
        if (c != null) {
            try {
                c.pointer(x, y, buttons);
            } catch (IOException e) {
                // the session is ending
            }
        }
    }

    @Override
    public void close() {
        endCurrent();
        model.close();
    }

    private void endCurrent() {
        Attempt a = current;
        current = null;
        if (a != null) {
            a.end();
        }
    }

    private void started(ConsoleStream stream) {
        endCurrent();
        Attempt a = new Attempt(stream);
        current = a;
        connector.execute(() -> handshake(a));
    }

    private void handshake(Attempt a) {
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                a.stream.write(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    a.stream.write(Arrays.copyOfRange(b, off, off + len));
                }
            }
        };
        try {
            // a source that knows the display's password (libvirt's secure XML) gives it; else the user
            Supplier<char[]> pw = a.stream instanceof ConsolePassword cp
                    ? () -> cp.vncPassword().orElse(null) : askPassword;
            RfbClient c = RfbClient.connect(a.in, out, RfbOptions.defaults().withPassword(pw), listenerFor(a));
            a.client = c;
            a.framebuffer = c.framebuffer();
            if (current != a) {
                c.close();
            } else {
                display.onResize(a.framebuffer.width(), a.framebuffer.height());
            }
        } catch (RfbException e) {
            failed(a, e);
        } catch (RuntimeException e) {
            failed(a, new RfbException(RfbException.Kind.PROTOCOL, String.valueOf(e.getMessage()), e));
        }
    }

    private void failed(Attempt a, RfbException e) {
        if (current == a) {
            model.streamFailed(a.stream, endOf(e));
        }
    }

    /** What an RFB failure means for the console: reconnect after a broken stream, not after a refused password. */
    static ConsoleEnd endOf(RfbException e) {
        String m = e.getMessage();
        return switch (e.kind()) {
            case AUTH_FAILED, UNSUPPORTED_SECURITY -> new ConsoleEnd(ConsoleEnd.Reason.CLOSED, m, null);
            case CONNECTION -> ConsoleEnd.of(ConsoleEnd.Reason.CONNECTION_LOST, m);
            case REFUSED, PROTOCOL -> ConsoleEnd.of(ConsoleEnd.Reason.ERROR, m);
        };
    }

    private RfbListener listenerFor(Attempt a) {
        return new RfbListener() {
            @Override
            public void onInit(int width, int height, String name) {
                if (current == a) {
                    display.onInit(width, height, name);
                }
            }

            @Override
            public void onResize(int width, int height) {
                if (current == a) {
                    display.onResize(width, height);
                }
            }

            @Override
            public void onDamage(Rect damaged) {
                if (current == a) {
                    display.onDamage(damaged);
                }
            }

            @Override
            public void onUpdateEnd() {
                if (current == a) {
                    display.onUpdateEnd();
                }
            }

            @Override
            public void onPointerType(boolean absolute) {
                if (current == a) {
                    display.onPointerType(absolute);
                }
            }

            @Override
            public void onLeds(boolean scrollLock, boolean numLock, boolean capsLock) {
                if (current == a) {
                    display.onLeds(scrollLock, numLock, capsLock);
                }
            }

            @Override
            public void onEnd(String reason, RfbException error) {
                if (error != null) {
                    failed(a, error);
                }
            }
        };
    }
}
