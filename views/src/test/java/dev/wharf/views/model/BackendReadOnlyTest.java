package dev.wharf.views.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ConsoleEnd;
import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Drainer;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Mutates;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.TargetedMigration;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.fixtures.Items;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/** A read-only connection refuses every mutating call at the Backend, whatever a view offers. */
class BackendReadOnlyTest {

    /** A capability as another helper might add it tomorrow: two writing methods, two reading ones. */
    public interface Snapshots {
        List<String> list(Item item);

        @Mutates
        CompletableFuture<Void> create(Item item, String name);

        @Mutates
        void revertNow(Item item, String name);

        default String describe(Item item) {
            return "snapshots of " + item.name();
        }
    }

    private final List<String> calls = new ArrayList<>();
    private final List<byte[]> typed = new ArrayList<>();

    private final Snapshots snapshots = new Snapshots() {
        @Override
        public List<String> list(Item item) {
            calls.add("list " + item.name());
            return List.of("before-upgrade");
        }

        @Override
        public CompletableFuture<Void> create(Item item, String name) {
            calls.add("create " + name);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void revertNow(Item item, String name) {
            calls.add("revert " + name);
        }
    };

    private final Source source = new Source() {
        @Override
        public String id() {
            return Items.K8S;
        }

        @Override
        public void start() {
        }

        @Override
        public CompletableFuture<Void> perform(Item item, Action action) {
            calls.add(action.wire() + " " + item.name());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<String> describe(Item item) {
            calls.add("describe " + item.name());
            return CompletableFuture.completedFuture("kind: VirtualMachine");
        }

        @Override
        public CompletableFuture<ConsoleStream> openConsole(Item item, ConsoleRequest request) {
            calls.add("console " + request.type().wire());
            return CompletableFuture.completedFuture(new ConsoleStream() {
                @Override
                public String description() {
                    return "serial console of " + item.name();
                }

                @Override
                public void start(Listener listener) {
                    listener.onData("login: ".getBytes());
                }

                @Override
                public void write(byte[] data) {
                    typed.add(data);
                }

                @Override
                public Set<SpecialKey> specialKeys() {
                    return Set.of(SpecialKey.CTRL_ALT_DEL);
                }

                @Override
                public void close() {
                }
            });
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Optional<T> capability(Class<T> type) {
            if (type == Snapshots.class) {
                return Optional.of((T) snapshots);
            }
            if (type == TargetedMigration.class) {
                return Optional.of((T) new TargetedMigration() {
                    @Override
                    public List<String> migrationTargets(Item vm) {
                        return List.of("node-b");
                    }

                    @Override
                    public CompletableFuture<Void> migrate(Item vm, String node) {
                        calls.add("migrate to " + node);
                        return CompletableFuture.completedFuture(null);
                    }
                });
            }
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    };

    private final Backend readOnly = new Backend(id -> Optional.of(source).filter(s -> s.id().equals(id)), Items.K8S::equals);
    private final Backend writable = Backend.of(List.of(source));

    private static String refusal(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
            throw new AssertionError("not refused");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WharfException.class);
            return e.getCause().getMessage();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void performIsRefusedWithAClearMessageAndNeverReachesTheSource() {
        String why = refusal(readOnly.perform(Items.VM, Action.STOP));
        assertThat(why).isEqualTo("k8s:test is read-only: Stop db is not allowed (reconnect it without read-only to change anything)");
        assertThat(refusal(readOnly.perform(Items.VM, Action.DELETE))).startsWith("k8s:test is read-only: Delete db");
        assertThat(calls).isEmpty();
        assertThat(readOnly.readOnly(Items.K8S)).isTrue();
        assertThat(readOnly.readOnly(Items.LV)).isFalse();
        assertThat(readOnly.writable(Items.VM)).isFalse();
        assertThat(readOnly.writable(Items.NODE_VM)).as("an item of another source").isTrue();

        writable.perform(Items.VM, Action.STOP).join();
        assertThat(calls).containsExactly("stop db");
    }

    @Test
    void shellsAreRefusedAndASerialConsoleOnlyShows() throws Exception {
        assertThat(refusal(readOnly.openConsole(Items.WEB, ConsoleRequest.of(ConsoleType.EXEC))))
                .startsWith("k8s:test is read-only: a shell (exec) in web-1");
        assertThat(refusal(readOnly.openConsole(Items.WEB, ConsoleRequest.of(ConsoleType.ATTACH))))
                .startsWith("k8s:test is read-only: attaching to web-1");
        assertThat(refusal(readOnly.openConsole(Items.VM, ConsoleRequest.of(ConsoleType.SERIAL).withForce(true))))
                .contains("taking over the console of db");
        assertThat(calls).isEmpty();

        ConsoleStream serial = readOnly.openConsole(Items.VM, ConsoleRequest.of(ConsoleType.SERIAL)).get();
        List<String> shown = new ArrayList<>();
        serial.start(new ConsoleStream.Listener() {
            @Override
            public void onData(byte[] data) {
                shown.add(new String(data));
            }

            @Override
            public void onEnd(ConsoleEnd end) {
            }
        });
        serial.write("reboot\r".getBytes());
        assertThat(shown).containsExactly("login: ");
        assertThat(typed).as("typing reaches nothing").isEmpty();
        assertThat(serial.description()).contains("view only").contains("read-only");
        assertThat(serial.specialKeys()).isEmpty();

        ConsoleStream open = writable.openConsole(Items.VM, ConsoleRequest.of(ConsoleType.SERIAL)).get();
        open.write("x".getBytes());
        assertThat(typed).hasSize(1);
    }

    @Test
    void aGraphicalConsoleOpensMarkedViewOnlyForItsClient() throws Exception {
        ConsoleStream vnc = readOnly.openConsole(Items.VM, ConsoleRequest.of(ConsoleType.VNC)).get();
        assertThat(dev.wharf.inventory.ReadOnly.isViewOnly(vnc)).isTrue();
        assertThat(vnc.description()).endsWith("(view only: read-only connection)");
        assertThat(vnc.specialKeys()).isEmpty();
        assertThat(refusal(readOnly.openConsole(Items.VM, ConsoleRequest.of(ConsoleType.VNC).withForce(true))))
                .contains("taking over the console of db");
        ConsoleStream open = writable.openConsole(Items.VM, ConsoleRequest.of(ConsoleType.VNC)).get();
        assertThat(dev.wharf.inventory.ReadOnly.isViewOnly(open)).isFalse();
    }

    @Test
    void capabilityMethodsMarkedMutatesFailAndTheOthersPass() {
        Snapshots s = readOnly.capability(Items.VM, Snapshots.class).orElseThrow();
        assertThat(s.list(Items.VM)).containsExactly("before-upgrade");
        assertThat(s.describe(Items.VM)).isEqualTo("snapshots of db");
        assertThat(refusal(s.create(Items.VM, "nightly"))).startsWith("k8s:test is read-only: Snapshots.create");
        assertThatThrownBy(() -> s.revertNow(Items.VM, "nightly")).isInstanceOf(WharfException.class)
                .hasMessageStartingWith("k8s:test is read-only: Snapshots.revertNow");
        assertThat(calls).containsExactly("list db");

        // the existing capabilities carry the mark too
        TargetedMigration m = readOnly.capability(Items.VM, TargetedMigration.class).orElseThrow();
        assertThat(m.migrationTargets(Items.VM)).containsExactly("node-b");
        assertThat(refusal(m.migrate(Items.VM, "node-b"))).contains("TargetedMigration.migrate");
        assertThat(calls).containsExactly("list db");

        // a writable source's capability is the source's own object
        assertThat(writable.capability(Items.VM, Snapshots.class)).containsSame(snapshots);
        writable.capability(Items.VM, Snapshots.class).orElseThrow().create(Items.VM, "nightly").join();
        assertThat(calls).containsExactly("list db", "create nightly");
    }

    @Test
    void everyWritingMethodOfTheKnownCapabilitiesIsMarked() throws Exception {
        assertThat(Drainer.class.getMethod("drain", Item.class, java.util.function.Consumer.class)
                .isAnnotationPresent(Mutates.class)).isTrue();
        assertThat(Drainer.class.getMethod("planDrain", Item.class).isAnnotationPresent(Mutates.class)).isFalse();
        assertThat(TargetedMigration.class.getMethod("migrate", Item.class, String.class)
                .isAnnotationPresent(Mutates.class)).isTrue();
    }

    @Test
    void readsPassOnAReadOnlySource() {
        assertThat(readOnly.describe(Items.VM).join()).isEqualTo("kind: VirtualMachine");
        assertThat(calls).containsExactly("describe db");
    }
}
