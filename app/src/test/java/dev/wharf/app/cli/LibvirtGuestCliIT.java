package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.app.Main;
import dev.wharf.libvirt.PrivateLibvirtd;
import dev.wharf.libvirt.guest.TinyGuest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3 end to end: the real command line ({@link Main#run(String[], InputStream, PrintStream, PrintStream)})
 * against a real, private libvirtd over qemu+tcp with the tiny TCG guest running — {@code wharf ls -o json}
 * lists it, and {@code wharf console} gives a working shell on its serial console that Ctrl+] leaves.
 *
 * <p>The fixture is the libvirt module's {@code PrivateLibvirtd} (from its test-jar). It needs root, libvirtd, qemu and the
 * guest kernel (connectors/libvirt/guest/fetch-kernel.sh); in CI ({@code CI=true}) anything missing
 * fails this test, elsewhere it is skipped with the reason.
 */
class LibvirtGuestCliIT {
    private static final String NAME = "wharf-it-cli-" + Long.toHexString(System.nanoTime() & 0xffffff);
    private static final Duration BOOT = Duration.ofSeconds(40);

    private static PrivateLibvirtd libvirtd;
    private static String uri;
    private static UUID uuid;

    @BeforeAll
    static void startGuest() {
        libvirtd = PrivateLibvirtd.get();
        uri = libvirtd.tcpUri();
        uuid = libvirtd.startGuest(NAME);
    }

    @AfterAll
    static void removeGuest() {
        if (libvirtd != null && uuid != null) {
            libvirtd.virshQuietly("destroy", NAME);
            libvirtd.virshQuietly("undefine", NAME);
        }
    }

    @Test
    void lsListsTheRunningGuestOnItsHost() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"ls", "--libvirt", uri, "-o", "json"}, InputStream.nullInputStream(),
                print(out), print(err));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(doc.get("sources")).singleElement().satisfies(s -> {
            assertThat(s.get("type").asText()).isEqualTo("libvirt");
            assertThat(s.get("status").asText()).isEqualTo("connected");
        });
        JsonNode host = null;
        JsonNode vm = null;
        for (JsonNode i : doc.get("items")) {
            if (i.get("kind").asText().equals("host")) {
                host = i;
            } else if (i.get("name").asText().equals(NAME)) {
                vm = i;
            }
        }
        assertThat(host).as("a host item in " + doc).isNotNull();
        assertThat(vm).as("the guest " + NAME + " in " + doc).isNotNull();
        assertThat(vm.get("kind").asText()).isEqualTo("vm");
        assertThat(vm.get("state").asText()).isEqualTo("running");
        assertThat(vm.get("uuid").asText()).isEqualToIgnoringCase(uuid.toString());
        assertThat(vm.get("on").asText()).isEqualTo(host.get("id").asText());
        assertThat(vm.get("consoles")).extracting(JsonNode::asText).contains("serial");
    }

    @Test
    void consoleGivesAWorkingShellThatCtrlBracketLeaves() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(); // synchronized: read while the console writes
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TypedInput in = new TypedInput();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"console", "--libvirt", uri, "vm/" + uri + "/" + NAME}, in, print(out), print(err)),
                r -> {
                    Thread t = new Thread(r, "wharf-console-under-test");
                    t.setDaemon(true);
                    t.start();
                });
        try {
            await(() -> err.toString(StandardCharsets.UTF_8), e -> e.contains("Escape character is ^]"),
                    Duration.ofSeconds(60), run, "the console to open", out, err);

            // Enter until the shell answers with its prompt: what is typed before the shell is up is lost
            long deadline = System.nanoTime() + BOOT.toNanos();
            boolean prompt = false;
            while (!prompt && System.nanoTime() < deadline && !run.isDone()) {
                int mark = out.size();
                in.type("\r");
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (!prompt && System.nanoTime() < until) {
                    prompt = text(out, mark).contains(TinyGuest.PROMPT);
                    Thread.sleep(20);
                }
            }
            assertThat(prompt).as("the guest's prompt within %d s; stdout: %s; stderr: %s", BOOT.toSeconds(),
                    text(out, 0), err.toString(StandardCharsets.UTF_8)).isTrue();

            int mark = out.size();
            in.type("echo wharf-$((6*7))\r"); // only the shell can turn this into wharf-42
            await(() -> text(out, mark), o -> o.contains("wharf-42"), Duration.ofSeconds(20), run,
                    "the shell's answer wharf-42", out, err);

            in.type("\u001d"); // Ctrl+]
            int code = run.get(20, TimeUnit.SECONDS);
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).contains("wharf-42");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("Connected to").doesNotContain("wharf: ");
        } finally {
            in.end(); // whatever happened, the command's input ends and it leaves within its grace period
        }
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream out, int from) {
        String all = out.toString(StandardCharsets.ISO_8859_1);
        return from >= all.length() ? "" : all.substring(from);
    }

    private static void await(java.util.function.Supplier<String> value, Predicate<String> done, Duration timeout,
            CompletableFuture<Integer> run, String what, ByteArrayOutputStream out, ByteArrayOutputStream err)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(value.get())) {
                return;
            }
            if (run.isDone()) {
                throw new AssertionError("the command ended (exit " + run.getNow(null) + ") before " + what
                        + "; stdout: " + text(out, 0) + "; stderr: " + err.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + " in vain; stdout: " + text(out, 0)
                + "; stderr: " + err.toString(StandardCharsets.UTF_8));
    }

    /** The terminal's input, typed from the test thread; {@link #end()} is end of input. */
    private static final class TypedInput extends InputStream {
        private static final int EOF = -1;
        private final LinkedBlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();
        private volatile boolean ended;

        void type(String s) {
            for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
                bytes.add(b & 0xff);
            }
        }

        void end() {
            bytes.add(EOF);
        }

        @Override
        public int read() throws java.io.IOException {
            if (ended) {
                return EOF;
            }
            try {
                int b = bytes.take();
                if (b == EOF) {
                    ended = true;
                }
                return b;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public int read(byte[] buf, int off, int len) throws java.io.IOException {
            if (len == 0) {
                return 0;
            }
            int first = read();
            if (first == EOF) {
                return EOF;
            }
            buf[off] = (byte) first;
            int n = 1;
            Integer next;
            while (n < len && (next = bytes.peek()) != null && next != EOF) {
                buf[off + n++] = (byte) (int) bytes.poll();
            }
            return n;
        }
    }
}
