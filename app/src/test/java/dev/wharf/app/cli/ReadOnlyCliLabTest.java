package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.app.Main;
import dev.wharf.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --read-only} against the lab: every command that would change something (snapshot
 * create/revert/delete, port-forward, typing on a VNC display or serving it to other viewers)
 * is refused with one message before it does anything; the reads (snapshot list, a PNG of the
 * screen) work. ({@code wharf edit} is in {@link EditCliTest}: the lab has no dry run.)
 */
class ReadOnlyCliLabTest {
    private static final String VM = "vm/shop/legacy-erp";
    private static final String HOW = " is not allowed (reconnect it without read-only to change anything)";
    private static Lab lab;

    @BeforeAll
    static void startLab() {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    record Run(int code, String out, String err) { }

    private static Run wharf(String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", lab.kubeconfig().toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void refused(Run r, String what) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err().lines().toList()).as("one line").singleElement().satisfies(l -> assertThat(l)
                .startsWith("wharf: ").contains("is read-only: " + what + HOW));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void snapshotsAreListedButNotTakenRevertedOrDeleted() {
        refused(wharf("--read-only", "snapshot", "create", VM, "ro-snap"), "taking a snapshot of " + VM);
        refused(wharf("snapshot", "--read-only", "revert", VM, "ro-snap"), "reverting " + VM + " to a snapshot");
        refused(wharf("--read-only", "snapshot", "delete", VM, "ro-snap"), "deleting a snapshot of " + VM);

        Run list = wharf("--read-only", "snapshot", "list", VM, "-o", "json");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("\"snapshots\"").doesNotContain("ro-snap");
        // without --read-only the same create works: the refusal was the flag's
        Run created = wharf("snapshot", "create", VM, "rw-snap");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(wharf("--read-only", "snapshot", "list", VM).out()).contains("rw-snap").doesNotContain("ro-snap");
        assertThat(wharf("snapshot", "delete", VM, "rw-snap").code()).isZero();
    }

    @Test
    void noPortIsForwarded() {
        Run r = wharf("--read-only", "port-forward", "pod/shop/storefront-5d7f9c8b6-hrc2p", ":8080");
        refused(r, "forwarding a port to pod/shop/storefront-5d7f9c8b6-hrc2p");
        assertThat(r.err()).startsWith("wharf: k8s:");
    }

    @Test
    void theVncDisplayIsShownButNotTypedOnOrServed(@TempDir Path dir) throws Exception {
        refused(wharf("--read-only", "vnc", VM, "--type", "shutdown -h now\\n"), "typing on the VNC display of " + VM);
        refused(wharf("--read-only", "vnc", VM, "--listen", "127.0.0.1:0"),
                "serving the VNC display of " + VM + " to other viewers (they could type)");

        Path png = dir.resolve("screen.png");
        Run shot = wharf("--read-only", "vnc", VM, "--png", png.toString());
        assertThat(shot.code()).as(shot.err()).isZero();
        assertThat(shot.err()).contains("screen of " + VM + " to " + png);
        byte[] head = Files.readAllBytes(png);
        assertThat(head.length).isGreaterThan(8);
        assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
}
