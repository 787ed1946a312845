package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.app.Main;
import dev.wharf.lab.Lab;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf edit} on a KubeVirt VM of the lab, whose API answers dry runs, updates and conflicts as
 * the API server does; fake editors (shell scripts) change the file; kubectl checks what the server
 * holds afterwards.
 */
class EditCommandLabTest {
    /** A running VM the lab's simulation leaves alone (a status write would move its resourceVersion). */
    private static final String VM = "vm/shop/legacy-erp";
    private static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void startLab() {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    record Run(int code, String out, String err) { }

    private static Run wharf(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", lab.kubeconfig().toString(), "edit"));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String kubectl(String... args) throws Exception {
        Run r = kubectlRun(args);
        assertThat(r.code()).as(r.out()).isZero();
        return r.out();
    }

    /** kubectl against the lab; stdout and stderr together in {@code out}. */
    private static Run kubectlRun(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("kubectl", "--kubeconfig", lab.kubeconfig().toString()));
        all.addAll(List.of(args));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, "");
    }

    private static String vm(String jsonPath) throws Exception {
        return kubectl("get", "vm", "-n", "shop", "legacy-erp", "-o", "jsonpath=" + jsonPath);
    }

    /** A fake $EDITOR running {@code body} on "$1" (the file), noting the file's path. */
    private String editor(String body) throws Exception {
        Path s = dir.resolve("editor-" + System.nanoTime() + ".sh");
        Files.writeString(s, "#!/bin/sh\necho \"$1\" > '" + dir.resolve("path") + "'\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s.toString();
    }

    @Test
    void anEditIsDiffedDryRunAskedForThenAppliedAndTheVmKeepsItsStatus() throws Exception {
        String before = vm("{.status.printableStatus}");
        Run r = wharf("y\n", "--editor", editor("sed -i 's|^    app: legacy-erp$|&\\n    tier: batch|' \"$1\""), VM);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("--- VirtualMachine shop/legacy-erp (live)",
                "+++ VirtualMachine shop/legacy-erp (edited)", "+    tier: batch",
                "Dry run: The server accepts this change (dry run; nothing written).",
                "Apply this change to ", "Applied: VirtualMachine shop/legacy-erp updated.");
        assertThat(r.err()).doesNotContain("Warning");
        assertThat(vm("{.metadata.labels.tier}")).isEqualTo("batch");
        assertThat(vm("{.status.printableStatus}")).as("the status is the server's").isEqualTo(before).isNotEmpty();
        assertThat(Path.of(Files.readString(dir.resolve("path")).strip())).doesNotExist();
    }

    @Test
    void aFileIsDryRunWithTheServersWarningAndNothingIsStored() throws Exception {
        Path file = dir.resolve("legacy-erp.yaml");
        // the live definition, as a script would get it (an editor that saves a copy and changes nothing)
        Run copy = wharf("", "--editor", editor("cp \"$1\" '" + file + "'"), VM);
        assertThat(copy.out()).isEqualTo("Edit cancelled, no changes made.\n");
        Files.writeString(file, Files.readString(file).replace("runStrategy: Always", "running: true"));

        Run r = wharf("", "-f", file.toString(), "--dry-run", VM);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("-  runStrategy: Always", "+  running: true",
                "Dry run: The server accepts this change (dry run; nothing written).").doesNotContain("Applied");
        assertThat(r.err()).contains("Warning: spec.running is deprecated, please use spec.runStrategy instead.");
        assertThat(vm("{.spec.runStrategy}|{.spec.running}")).as("nothing stored").isEqualTo("Always|");
    }

    @Test
    void aChangeMadeWhileEditingIsAConflictAndTheEditIsKept() throws Exception {
        // while the editor is open, someone else labels the VM: the server's resourceVersion moves on
        String ed = editor("kubectl --kubeconfig '" + lab.kubeconfig() + "' label vm -n shop legacy-erp owner=ops "
                + "--overwrite >/dev/null\nsed -i 's|^    app: legacy-erp$|&\\n    edited-by: me|' \"$1\"");
        Run r = wharf("y\n", "--editor", ed, VM);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("VirtualMachine shop/legacy-erp was changed on the server since it was loaded",
                "the object has been modified", "Nothing was written", "your edit is kept in ");
        assertThat(vm("{.metadata.labels.owner}|{.metadata.labels.edited-by}")).isEqualTo("ops|");
        Path kept = Path.of(Files.readString(dir.resolve("path")).strip());
        assertThat(Files.readString(kept)).contains("edited-by: me");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");

        // the retry the message offers: like kubectl replace -f, the file is the whole object, so the other
        // change is undone; the diff it prints says so
        Run retry = wharf("", "-f", kept.toString(), VM);
        assertThat(retry.code()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("-    owner: ops", "+    edited-by: me", "Applied: ");
        assertThat(vm("{.metadata.labels.owner}|{.metadata.labels.edited-by}")).isEqualTo("|me");
        Files.delete(kept);
    }

    @Test
    void kubectlMeetsTheSameServerAStaleReplaceIsAConflictAndAServerDryRunStoresNothing() throws Exception {
        Path file = dir.resolve("legacy-erp-kubectl.yaml"); // --validate=false: the lab serves no OpenAPI schema
        Files.writeString(file, kubectl("get", "vm", "-n", "shop", "legacy-erp", "-o", "yaml"));
        Files.writeString(file, Files.readString(file).replace("app: legacy-erp", "app: legacy-erp\n    via: kubectl"));
        Run dry = kubectlRun("replace", "--validate=false", "--dry-run=server", "-f", file.toString());
        assertThat(dry.code()).as(dry.out()).isZero();
        assertThat(vm("{.metadata.labels.via}")).isEmpty();

        kubectl("label", "vm", "-n", "shop", "legacy-erp", "moved=on", "--overwrite");
        Run stale = kubectlRun("replace", "--validate=false", "-f", file.toString());
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.out()).contains("Error from server (Conflict)", "the object has been modified");
        assertThat(vm("{.metadata.labels.via}|{.metadata.labels.moved}")).isEqualTo("|on");
    }
}
