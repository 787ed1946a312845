package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wharf.app.Main;
import dev.wharf.libvirt.LibvirtConnection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf edit} as a user runs it, on a libvirt test-driver host (a fresh copy of its file per
 * command) with fake editors: shell scripts that change the file, or fail. Needs libvirt0; in CI
 * (CI=true) a missing libvirt fails the test, elsewhere it is skipped with the reason.
 */
class EditCliTest {
    static final String DB = "6a1d2c3e-0000-4000-8000-000000000002";
    static final String WEB = "6a1d2c3e-0000-4000-8000-000000000001";
    static final String HOST = String.join("\n",
            "<node><cpu><mhz>2400</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets><cores>2</cores>",
            "<threads>1</threads><active>2</active></cpu><memory>4194304</memory>",
            "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>web</name>",
            "<uuid>" + WEB + "</uuid><memory unit='MiB'>512</memory><vcpu>2</vcpu><os><type>hvm</type></os></domain>",
            "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>db</name>",
            "<uuid>" + DB + "</uuid><memory unit='MiB'>1024</memory><vcpu>4</vcpu><os><type>hvm</type></os>",
            "<test:runstate>5</test:runstate></domain></node>");

    @TempDir
    Path dir;
    String uri;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void needsLibvirt() {
        Optional<String> missing = LibvirtConnection.unavailableReason();
        if (missing.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("libvirt is required in CI: " + missing.get());
            }
            Assumptions.abort("libvirt is not installed here: " + missing.get());
        }
    }

    @BeforeEach
    void host() throws Exception {
        Path f = dir.resolve("host.xml");
        Files.writeString(f, HOST);
        uri = "test://" + f.toAbsolutePath();
    }

    private int run(String stdin, String... args) {
        out.reset();
        err.reset();
        String[] all = new String[args.length + 2];
        all[0] = "edit";
        all[1] = "--libvirt=" + uri;
        System.arraycopy(args, 0, all, 2, args.length);
        return Main.run(all, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A fake $EDITOR: notes the file's path and mode, then runs {@code body} on "$1". */
    private String editor(String body) throws Exception {
        Path s = dir.resolve("editor-" + System.nanoTime() + ".sh");
        Files.writeString(s, "#!/bin/sh\necho \"$1\" > '" + dir.resolve("path") + "'\nstat -c %a \"$1\" > '"
                + dir.resolve("mode") + "'\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s.toString();
    }

    private Path editedFile() throws Exception {
        return Path.of(Files.readString(dir.resolve("path")).strip());
    }

    @Test
    void theEditorsChangeIsShownAsADiffAskedForAndAppliedAndTheTempFileIsGone() throws Exception {
        String ed = editor("sed -i 's|>4</vcpu>|>3</vcpu>|' \"$1\"");
        assertThat(run("y\n", "--editor", ed, DB)).as(err()).isZero();
        assertThat(out()).contains("--- domain db (live)", "+++ domain db (edited)",
                "-  <vcpu placement='static'>4</vcpu>", "+  <vcpu placement='static'>3</vcpu>",
                "Dry run: Well-formed, the same domain.", "Apply this change to ", "Defined: domain db starts with the new definition.");
        assertThat(Files.readString(dir.resolve("mode")).strip()).as("only its owner may read it").isEqualTo("600");
        assertThat(editedFile()).doesNotExist();
        assertThat(editedFile().getFileName().toString()).endsWith(".xml");
    }

    @Test
    void answeringNoAppliesNothing() throws Exception {
        assertThat(run("n\n", "--editor", editor("sed -i 's|>4</vcpu>|>3</vcpu>|' \"$1\""), DB)).isZero();
        assertThat(out()).contains("+  <vcpu placement='static'>3</vcpu>", "Not applied.").doesNotContain("Defined");
        assertThat(editedFile()).doesNotExist();
    }

    @Test
    void anEditorThatFailsOrChangesNothingAppliesNothing() throws Exception {
        assertThat(run("y\n", "--editor", editor("exit 3"), DB)).isEqualTo(1);
        assertThat(err()).contains("the editor '").contains("exited with code 3: nothing was applied");
        assertThat(editedFile()).doesNotExist();

        assertThat(run("y\n", "--editor", editor("true"), DB)).isZero();
        assertThat(out()).isEqualTo("Edit cancelled, no changes made.\n");
    }

    @Test
    void badXmlOrARenameIsRefusedAndTheEditIsKeptForARetry() throws Exception {
        assertThat(run("y\n", "--editor", editor("sed -i 's|</vcpu>|</vcpux>|' \"$1\""), DB)).isEqualTo(1);
        assertThat(err()).contains("error: line ").contains("Not well-formed XML")
                .contains("is not valid: nothing was applied; your edit is kept in " + editedFile());
        assertThat(Files.readString(editedFile())).contains("</vcpux>");
        Files.delete(editedFile());

        assertThat(run("y\n", "--editor", editor("sed -i 's|<name>db</name>|<name>db2</name>|' \"$1\""), DB)).isEqualTo(1);
        assertThat(err()).contains("<name> was changed from 'db' to 'db2'");
        Files.delete(editedFile());
    }

    @Test
    void aFileIsCheckedWithDryRunAndAppliedWithoutAskingWithout() throws Exception {
        // the live definition, as a script would get it
        assertThat(run("", "--editor", editor("cp \"$1\" '" + dir.resolve("web.xml") + "'; sed -i 's|>2</vcpu>|>1</vcpu>|' '"
                + dir.resolve("web.xml") + "'"), WEB)).isZero();
        Path file = dir.resolve("web.xml");
        assertThat(run("", "-f", file.toString(), "--dry-run", WEB)).as(err()).isZero();
        assertThat(out()).contains("+  <vcpu placement='static'>1</vcpu>", "Dry run: ").doesNotContain("Apply this", "Defined");

        assertThat(run("", "-f", file.toString(), WEB)).as(err()).isZero();
        assertThat(out()).doesNotContain("Apply this change").contains("web is running as before: the new definition "
                + "applies at its next boot");

        assertThat(run("", "-f", dir.resolve("missing.xml").toString(), WEB)).isEqualTo(1);
        assertThat(err()).contains("cannot read ").contains("missing.xml");
    }

    @Test
    void readOnlyChecksAFileWithDryRunButOpensNoEditorAndAppliesNothing() throws Exception {
        Path file = dir.resolve("web.xml");
        assertThat(run("", "--editor", editor("cp \"$1\" '" + file + "'; sed -i 's|>2</vcpu>|>1</vcpu>|' '" + file + "'"), WEB))
                .isZero();
        Files.delete(dir.resolve("path"));
        assertThat(run("y\n", "--read-only", "--editor", editor("sed -i 's|>4</vcpu>|>3</vcpu>|' \"$1\""), DB)).isEqualTo(1);
        assertThat(err().lines().toList()).singleElement().satisfies(l -> assertThat(l).startsWith("wharf: ")
                .contains(" is read-only: editing the definition of ").contains("--dry-run only checks an edit")
                .endsWith("(reconnect it without read-only to change anything)"));
        assertThat(dir.resolve("path")).as("no editor was opened").doesNotExist();

        assertThat(run("", "--read-only", "-f", file.toString(), WEB)).isEqualTo(1);
        assertThat(err()).contains(" is read-only: editing the definition of ");
        assertThat(out()).doesNotContain("Defined", "applies at its next boot");

        // a dry run only reads: it works, and shows the live definition still unchanged
        assertThat(run("", "--read-only", "-f", file.toString(), "--dry-run", WEB)).as(err()).isZero();
        assertThat(out()).contains("-  <vcpu placement='static'>2</vcpu>", "+  <vcpu placement='static'>1</vcpu>", "Dry run: ")
                .doesNotContain("Apply this", "Defined");
    }
}
