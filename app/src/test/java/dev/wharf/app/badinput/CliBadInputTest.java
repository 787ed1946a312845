package dev.wharf.app.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.libvirt.LibvirtConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on the lab / libvirt / output side, as a careless or hostile user gives it, through
 * the real entry point in a new JVM ({@link CliProcess}): odd libvirt URIs and peers that are not
 * libvirt, odd, unknown and ambiguous targets, closed and full outputs, locales. Each case states
 * the exit code, the wording of its one stderr line (a usage error adds the "Try --help" line)
 * and a time bound (generous: it catches hangs, not slowness). No stack trace, no raw control
 * character, ever. Faults on a real daemon and guest are in {@link CliFaultsIT}.
 */
class CliBadInputTest {
    /** A bound for what should answer at once; generous for a loaded 2-core machine. */
    private static final Duration AT_ONCE = Duration.ofSeconds(60);
    private static final Pattern ANY = Pattern.compile(".*");

    /**
     * One row: what the user runs, the exit code, the one line (a regex found in it; null for
     * "no line at all"), the time bound, and what else must hold.
     */
    record Case(String name, CliProcess wharf, int code, Pattern line, Duration within, Consumer<CliProcess.Result> also) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, CliProcess wharf, int code, String line) {
        return new Case(name, wharf, code, line == null ? null : Pattern.compile(line), AT_ONCE, r -> { });
    }

    private static Case c(String name, CliProcess wharf, int code, String line, Consumer<CliProcess.Result> also) {
        return new Case(name, wharf, code, line == null ? null : Pattern.compile(line), AT_ONCE, also);
    }

    private static CliProcess wharf(String... args) {
        return CliProcess.wharf(args);
    }

    static Stream<Arguments> cases() {
        String def = "test:///default";
        String utf8 = "test://" + CliFakePeers.UTF8_XML;
        String second = "test://" + CliFakePeers.SECOND_TEST;
        String tenKb = "test:///" + "a".repeat(10_000);
        List<Case> all = new ArrayList<>(List.of(
                // ---- libvirt URIs and peers
                c("URI: a test-driver file that does not exist",
                        wharf("ls", "--libvirt", "test:///nonexistent.xml"), 1,
                        "failed to parse xml document '/nonexistent\\.xml' \\(libxml2: I/O warning : failed to load "
                                + "external entity \"/nonexistent\\.xml\"\\)"),
                c("URI: a malformed test-driver file (libxml2's three lines)",
                        wharf("ls", "--libvirt", "test://" + CliFakePeers.BAD_XML), 1,
                        "bad\\.xml:2: Opening and ending tag mismatch: domain line 1 and domai "
                                + "\\(<memory>1024</memory></domai></node>\\)"),
                c("URI: 10 KB long", wharf("ls", "--libvirt", tenKb), 1,
                        "is not a valid libvirt URI: it is 10008 characters long \\(at most 2048\\)",
                        r -> assertThat(r.err().length()).as("a short line").isLessThan(600)),
                c("URI: qemu+tcp to an SSH server",
                        wharf("ls", "--libvirt", "qemu+tcp://127.0.0.1:" + CliFakePeers.SSH_PORT + "/system"), 1,
                        "127\\.0\\.0\\.1:" + CliFakePeers.SSH_PORT + " is not a libvirt daemon: it is an SSH server "
                                + "\\(SSH-2\\.0-OpenSSH_9\\.2p1 Debian-2\\+deb12u3\\); for libvirt over SSH use qemu\\+ssh://",
                        r -> assertThat(r.err()).doesNotContain("too large", "socket is closed")),
                c("URI: qemu+tcp to a web server",
                        wharf("ls", "--libvirt", "qemu+tcp://127.0.0.1:" + CliFakePeers.HTTP_PORT + "/system"), 1,
                        "is not a libvirt daemon: it answers like a web server \\(HTTP/1\\.1 400 Bad Request\\)"),
                c("URI: qemu+tcp where nothing listens",
                        wharf("ls", "--libvirt", "qemu+tcp://127.0.0.1:" + CliFakePeers.CLOSED_PORT + "/system"), 1,
                        "Cannot connect to qemu\\+tcp://127\\.0\\.0\\.1:" + CliFakePeers.CLOSED_PORT
                                + "/system: .*Connection refused",
                        r -> assertThat(r.err()).as("a one-shot ls does not retry, so it does not say so")
                                .doesNotContain("retries on its own").doesNotContain("last known")),
                c("URI: no path", wharf("ls", "--libvirt", "qemu://"), 1, "the path is missing after '://'"),
                c("URI: unknown driver", wharf("ls", "--libvirt", "vmware:///x"), 1, "unknown driver 'vmware'"),
                c("URI: unknown transport", wharf("ls", "--libvirt", "qemu+pigeon:///system"), 1,
                        "unknown transport 'pigeon'"),
                c("URI: empty", wharf("ls", "--libvirt", ""), 1, "is not a valid libvirt URI: it is empty"),
                c("URI: with a newline", wharf("ls", "--libvirt", "test:///default\nrm -rf /"), 1,
                        "'test:///default\\?rm -rf /' is not a valid libvirt URI: it contains white space"),
                c("URI: embedded driver without its root", wharf("ls", "--libvirt", "qemu:///embed"), 1,
                        "qemu:///embed needs a root directory"),
                c("URI: a terminal escape sequence in it", wharf("ls", "--libvirt", "test:///\u001b[31mred.xml"), 1,
                        "'test:///\\?\\[31mred\\.xml' is not a valid libvirt URI"),
                // ---- targets
                c("target: a name nothing has", wharf("act", "start", "vm/" + def + "/nope", "--libvirt", def), 1,
                        "no vm named test:///default/nope in libvirt .* \\(try `wharf ls`\\)"),
                c("target: a newline in it", wharf("act", "start", "vm/te\nst", "--libvirt", def), 1,
                        "no vm named te\\\\nst in "),
                c("target: a terminal escape sequence in it", wharf("act", "start", "vm/\u001b]0;own\u0007ed", "--libvirt", def), 1,
                        "no vm named \\\\x1b\\]0;own\\\\x07ed in "),
                c("target: only slashes", wharf("act", "start", "///", "--libvirt", def), 2,
                        "invalid target '///': use KIND/NAMESPACE/NAME"),
                c("target: a kind and no name", wharf("act", "start", "vm/", "--libvirt", def), 2, "invalid target 'vm/'"),
                c("target: an unknown kind", wharf("act", "start", "widget/x", "--libvirt", def), 2,
                        "unknown kind 'widget' \\(kinds: host, node, pod, vm, microvm\\)"),
                c("target: empty", wharf("act", "start", "", "--libvirt", def), 2, "invalid target ''"),
                c("target: a UUID nothing has", wharf("act", "start", "00000000-0000-4000-8000-000000000000",
                        "--libvirt", def), 1, "nothing with UUID 00000000-0000-4000-8000-000000000000 in "),
                c("target: ambiguous across two hosts", wharf("act", "pause", "vm/test", "--libvirt", def,
                        "--libvirt", second), 1, "vm/test names 2 items \\(in .*\\): name the namespace or host"),
                c("target: an unknown action", wharf("act", "frobnicate", "vm/test", "--libvirt", def), 2,
                        "frobnicate"),
                c("console: a host has none", wharf("console", "host/" + hostname(), "--libvirt", def), 1,
                        "host/" + Pattern.quote(hostname()) + " is a host: it offers no console \\(consoles are on VMs"),
                c("console: a stopped domain", wharf("console", "vm/stopped-one", "--libvirt", utf8), 1,
                        "vm/stopped-one is stopped: it offers no console until it runs \\(start it first"),
                // ---- closed and full outputs
                c("output: ls > /dev/full", wharf("ls", "--libvirt", def).stdout("> /dev/full"), 1,
                        "cannot write the output: No space left on device"),
                c("output: ls -o json > /dev/full", wharf("ls", "-o", "json", "--libvirt", def).stdout("> /dev/full"), 1,
                        "cannot write the output: No space left on device"),
                c("output: ls --watch | head -1 ends", wharf("ls", "--watch", "--libvirt", def).stdout("| head -1"), 1,
                        null, r -> assertThat(r.out()).startsWith("NAME").hasLineCount(1)),
                c("output: ls --watch -o json | head -1 ends", wharf("ls", "--watch", "-o", "json", "--libvirt", def)
                        .stdout("| head -1"), 1, null, r -> assertThat(r.out()).startsWith("{\"sources\"").hasLineCount(1)),
                // ---- locales
                c("locale: LANG=C keeps JSON UTF-8", wharf("ls", "-o", "json", "--libvirt", utf8).env("LANG", "C")
                        .env("LC_ALL", "C"), 0, null, r -> assertThat(names(r.out())).contains(CliFakePeers.NON_ASCII)),
                c("locale: LANG=C keeps the table UTF-8", wharf("ls", "--libvirt", utf8).env("LANG", "C")
                        .env("LC_ALL", "C"), 0, null, r -> assertThat(r.out()).contains(CliFakePeers.NON_ASCII)),
                c("locale: LANG=C keeps a message UTF-8", wharf("act", "start", "vm/" + CliFakePeers.NON_ASCII,
                        "--libvirt", utf8).env("LANG", "C").env("LC_ALL", "C"), 1,
                        "vm/" + CliFakePeers.NON_ASCII + " is running: it accepts "),
                c("locale: Turkish upper-case values", wharf("ls", "-o", "JSON", "--libvirt", def)
                        .env("LANG", "tr_TR.UTF-8"), 0, null, r -> assertThat(names(r.out())).contains("test"))));
        return all.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsOneClearLine(Case c) throws Exception {
        requireLibvirt();
        CliProcess.Result r = c.wharf().run(c.within());
        assertThat(r.code()).as("%s: exit code; stderr: %s", c.name(), r.err()).isEqualTo(c.code());
        assertThat(r.took()).as("%s: time", c.name()).isLessThan(c.within());
        assertThat(r.err()).as("%s: no stack trace, no raw control character", c.name())
                .doesNotContain("\tat ", "Exception:", "\u001b", "\u0007");
        List<String> lines = r.errLines();
        if (c.line() == null) {
            assertThat(lines).as("%s: nothing on stderr", c.name()).isEmpty();
        } else {
            assertThat(lines).as("%s: stderr", c.name()).isNotEmpty();
            assertThat(lines.get(0)).as("%s: the line", c.name()).startsWith("wharf: ");
            assertThat(c.line().matcher(lines.get(0)).find()).as("%s: '%s' in: %s", c.name(), c.line(), lines.get(0))
                    .isTrue();
            if (c.code() == 2) {
                assertThat(lines).as("%s: the line and the --help hint", c.name()).hasSizeLessThanOrEqualTo(3)
                        .last().asString().startsWith("Try 'wharf");
            } else {
                assertThat(lines).as("%s: one line", c.name()).hasSize(1);
            }
        }
        c.also().accept(r);
    }

    /** Item names of a {@code ls -o json} document (or of each JSON line). */
    static List<String> names(String json) {
        List<String> out = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String doc : json.strip().startsWith("{\n") ? List.of(json) : json.lines().toList()) {
            try {
                for (JsonNode i : m.readTree(doc).get("items")) {
                    out.add(i.get("name").asText());
                }
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + doc, e);
            }
        }
        return out;
    }

    /** The machine's host name: the test driver's host is named after it. */
    static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** In CI libvirt must be there; elsewhere the suite is skipped without it. */
    static void requireLibvirt() {
        LibvirtConnection.unavailableReason().ifPresent(why -> {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("libvirt is required in CI: " + why);
            }
            Assumptions.abort("libvirt is missing: " + why);
        });
    }
}
