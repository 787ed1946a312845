package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.DefinitionEditor.Definition;
import dev.wharf.inventory.DefinitionEditor.Outcome;
import dev.wharf.inventory.DefinitionEditor.Verdict;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wharf edit TARGET}: edit a definition like {@code kubectl edit}, behind a diff. The YAML
 * (Kubernetes) or XML (libvirt) goes to a temporary file only its owner can read (0600), the editor
 * ({@code --editor}, {@code $VISUAL}, {@code $EDITOR}, else {@code vi}) opens it; the unified diff
 * against the live definition and the server's dry-run verdict are printed, and the change is
 * applied after a "y". With {@code -f FILE} the file is the edit (no editor): {@code --dry-run} only
 * checks it; without, it is applied without asking, like {@code kubectl replace -f}.
 *
 * <p>Nothing is written unless the answer is yes and the checks pass. An edit that cannot be applied
 * (bad YAML/XML, a changed kind or name, a refusal, a conflict) is kept in its file, whose path is
 * printed, so that {@code wharf edit TARGET -f FILE} can retry it; the file is deleted otherwise.
 * Exit codes: 0 applied, checked, unchanged or declined; 1 invalid, refused, conflict, editor
 * failed; 2 usage.
 */
@Command(name = "edit", usageHelpAutoWidth = true,
        description = {"Edit the definition of a pod, VM, node or libvirt domain behind a diff.",
            "Opens --editor, $VISUAL or $EDITOR (else vi) on the YAML or XML, shows the diff and the server's",
            "dry-run verdict, and asks before applying. -f FILE uses the file instead: with --dry-run it only",
            "checks (for scripts), without it applies without asking."})
final class EditCommand implements Callable<Integer> {
    static final long ANSWER_TIMEOUT_SECONDS = 60;

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Parameters(index = "0", paramLabel = "TARGET", converter = Converters.TargetConverter.class,
            description = "vm/NAMESPACE/NAME, vm/HOST-OR-URI/NAME, pod/NAMESPACE/NAME, node/NAME, or a UUID")
    Target target;

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "The edited definition; no editor is opened (without --dry-run: applied without asking).")
    Path file;

    @Option(names = "--dry-run", description = "Only check: the diff and the server's dry-run verdict; nothing is written.")
    boolean dryRun;

    @Option(names = "--editor", paramLabel = "CMD",
            description = "The editor command (default: $VISUAL, else $EDITOR, else vi); the file's path is appended.")
    String editor;

    private final Cli cli;
    private final WharfCommand root;

    EditCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    @Override
    public Integer call() throws InterruptedException {
        String fromFile = file == null ? null : readFile(file);
        SourceOptions o = cli.begin(root.global, global);
        try (Cli.Opened opened = cli.open(o)) {
            Session session = opened.session();
            List<SourceSync.Outcome> outcomes = cli.startAndSync(session, false);
            Item item = cli.find(session, outcomes, target);
            String label = Cli.label(target, item);
            DefinitionEditor editorCap = Cli.sourceOf(session, item, label).capability(DefinitionEditor.class)
                    .filter(e -> e.canEdit(item))
                    .orElseThrow(() -> new WharfException(label + " has no definition Wharf can edit (pods, VMs, nodes and "
                            + "libvirt domains have)"));
            if (session.readOnly() && !dryRun) { // before the editor opens: no work done for nothing
                throw dev.wharf.inventory.ReadOnly.refusal(item.source(), "editing the definition of " + label
                        + " (--dry-run only checks an edit)");
            }
            Definition base = await(editorCap.load(item), "read the definition of " + label);
            if (fromFile != null) {
                return review(editorCap, base, fromFile, label, null, !dryRun);
            }
            Path tmp = tempFile(base);
            boolean keep = false;
            try {
                Files.writeString(tmp, base.text(), StandardCharsets.UTF_8);
                runEditor(tmp);
                String edited = Files.readString(tmp, StandardCharsets.UTF_8);
                if (edited.equals(base.text())) {
                    cli.out().println("Edit cancelled, no changes made.");
                    return 0;
                }
                keep = true; // from here on a failure keeps the edit in its file, and says where
                int code = review(editorCap, base, edited, label, tmp, false);
                keep = code != 0;
                return code;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (!keep) {
                    deleteQuietly(tmp);
                }
            }
        }
    }

    /**
     * Checks, shows the diff and the dry run, then applies (asking first unless {@code applyWithoutAsking}).
     * Returns the exit code; {@code kept} is the file the edit stays in when it is not applied.
     */
    private int review(DefinitionEditor e, Definition base, String edited, String label, Path kept,
                       boolean applyWithoutAsking) throws InterruptedException {
        String keptNote = kept == null ? "" : "; your edit is kept in " + kept + " (retry with: wharf edit "
                + target.text() + " -f " + kept + ")";
        List<DefinitionEditor.Problem> problems = e.validate(base, edited);
        if (!problems.isEmpty()) {
            for (DefinitionEditor.Problem p : problems) {
                cli.err().println("error: " + p);
            }
            throw new WharfException("the edit of " + label + " is not valid: nothing was applied" + keptNote);
        }
        String diff = UnifiedDiff.of(base.text(), edited, base.label() + " (live)", base.label() + " (edited)");
        if (diff.isEmpty()) {
            cli.out().println("No changes: " + base.label() + " is already so.");
            return 0;
        }
        cli.out().print(diff);
        Verdict verdict = await(e.dryRun(base, edited), "dry-run the edit of " + label);
        cli.out().println("Dry run: " + verdict.message());
        warn(verdict);
        if (verdict.outcome() == Outcome.UNCHANGED) {
            return 0;
        }
        if (verdict.outcome() != Outcome.VALID) {
            throw new WharfException(failure(label, verdict) + keptNote);
        }
        if (dryRun) {
            return 0;
        }
        if (!applyWithoutAsking && !confirmed("Apply this change to " + label + "? [y/N] ")) {
            cli.out().println("Not applied.");
            return 0;
        }
        Verdict applied = await(e.apply(base, edited), "apply the edit of " + label);
        if (!applied.written() && applied.outcome() != Outcome.UNCHANGED) {
            throw new WharfException(failure(label, applied) + keptNote);
        }
        cli.out().println(applied.message());
        warn(applied);
        return 0;
    }

    /** The server's warnings on stderr, as kubectl prints them. */
    private void warn(Verdict v) {
        v.warnings().forEach(w -> cli.err().println("Warning: " + w));
    }

    private static String failure(String label, Verdict v) {
        return switch (v.outcome()) {
            case CONFLICT -> v.message() + " Run wharf edit again to edit the new version";
            case INVALID -> "the edit of " + label + " is not valid: " + v.message();
            default -> v.message();
        };
    }

    private boolean confirmed(String question) {
        cli.out().print(question);
        cli.out().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
        } catch (IOException ex) {
            return false;
        }
    }

    private void runEditor(Path tmp) throws InterruptedException {
        String command = editorCommand();
        List<String> argv = new ArrayList<>(List.of(command.strip().split("\\s+")));
        argv.add(tmp.toString());
        int exit;
        try {
            exit = new ProcessBuilder(argv).inheritIO().start().waitFor();
        } catch (IOException ex) {
            throw new WharfException("cannot start the editor '" + command + "': " + ex.getMessage()
                    + " (set $VISUAL or $EDITOR, or pass --editor); nothing was applied");
        }
        if (exit != 0) {
            throw new WharfException("the editor '" + command + "' exited with code " + exit + ": nothing was applied");
        }
    }

    private String editorCommand() {
        for (String c : new String[] {editor, System.getenv("VISUAL"), System.getenv("EDITOR")}) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return "vi";
    }

    private static Path tempFile(Definition base) {
        try {
            return Files.createTempFile("wharf-edit-", "." + base.language(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            try {
                return Files.createTempFile("wharf-edit-", "." + base.language());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        } catch (IOException e) {
            throw new WharfException("cannot write a temporary file for the editor: " + e.getMessage());
        }
    }

    private static String readFile(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WharfException("cannot read " + f + ": " + e.getMessage() + " (check the path given to -f)");
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a temp file that cannot be deleted is the OS's to clean
        }
    }

    private static <T> T await(CompletableFuture<T> f, String what) throws InterruptedException {
        try {
            return f.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new WharfException("cannot " + what + ": " + WharfException.userMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new WharfException("no answer within " + ANSWER_TIMEOUT_SECONDS + " s when trying to " + what);
        }
    }
}
