package dev.wharf.inventory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Capability of a source whose items' definitions can be edited: YAML for Kubernetes objects
 * (without {@code status}, {@code managedFields}, {@code resourceVersion} and the other fields the
 * server manages), XML for libvirt domains. The flow a view or the CLI follows: {@link #load} the
 * editable text, {@link #validate} it as the user types (local, fast), show the diff against
 * {@link Definition#text()}, {@link #dryRun} it, then {@link #apply} it. Nothing is written before
 * {@code apply}; a definition that changed on the server since it was loaded answers
 * {@link Outcome#CONFLICT} and is left alone.
 */
public interface DefinitionEditor {

    /** Whether this source can edit {@code item}'s definition at all (a pod, VM, node, domain). */
    boolean canEdit(Item item);

    /** The live definition as editable text, with what {@code apply} needs to detect a concurrent change. */
    CompletableFuture<Definition> load(Item item);

    /**
     * Local checks only, no server call: the text parses (YAML, well-formed XML) and names the same
     * object (kind, name, namespace; a domain's name and UUID). Empty when fine. Cheap enough to run
     * on every pause in typing (off the UI thread).
     */
    List<Problem> validate(Definition base, String edited);

    /**
     * What the server would say: Kubernetes' server-side dry run ({@code dryRun=All}); libvirt has no
     * dry run, so its verdict is the local validation's and says so. Writes nothing.
     */
    CompletableFuture<Verdict> dryRun(Definition base, String edited);

    /**
     * Writes {@code edited} in place of {@code base}: a Kubernetes update with the resourceVersion of
     * {@code base}, a libvirt {@code virDomainDefineXML} with validation. Completes with the verdict
     * (a refusal or conflict is a verdict, not an exception); exceptionally only when the server
     * could not be reached.
     */
    @Mutates
    CompletableFuture<Verdict> apply(Definition base, String edited);

    /**
     * @param item     the item it belongs to
     * @param language {@code "yaml"} or {@code "xml"}
     * @param text     the editable text
     * @param version  what identifies this state of the definition on the server (a resourceVersion,
     *                 a digest of the domain's inactive XML)
     * @param label    what is edited, for titles and messages ("VirtualMachine prod/db", "domain guest1")
     */
    record Definition(Item item, String language, String text, String version, String label) {
        public Definition {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A problem in the edited text; {@code line} and {@code column} start at 1, 0 when not known. */
    record Problem(int line, int column, String message) {
        @Override
        public String toString() {
            return line > 0 ? "line " + line + (column > 0 ? ", column " + column : "") + ": " + message : message;
        }
    }

    /** What became of a dry run or an apply. */
    enum Outcome {
        /** The dry run passed: applying it should succeed. */
        VALID,
        /** Written; in effect now. */
        APPLIED,
        /** Written (libvirt): the domain runs, the new definition takes effect at its next boot. */
        APPLIES_AT_NEXT_BOOT,
        /** The edited text equals the live definition: nothing to write. */
        UNCHANGED,
        /** The text itself is wrong (parse error, changed kind or name): nothing sent. */
        INVALID,
        /** The server refused it; {@link Verdict#message()} is its message. */
        REFUSED,
        /** The definition changed on the server since it was loaded: reload, or review the new diff. */
        CONFLICT
    }

    /**
     * @param outcome  what became of it
     * @param message  one sentence for the user (the server's message for a refusal)
     * @param problems the local problems for {@link Outcome#INVALID}, else empty
     * @param warnings what the server warned about while accepting it (Kubernetes' {@code Warning}
     *                 response headers: admission webhooks, deprecated fields), each as the server wrote
     *                 it; shown like {@code kubectl} shows them ("Warning: …"), empty when none
     */
    record Verdict(Outcome outcome, String message, List<Problem> problems, List<String> warnings) {
        public Verdict {
            Objects.requireNonNull(outcome, "outcome");
            message = message == null ? "" : message;
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        public Verdict(Outcome outcome, String message, List<Problem> problems) {
            this(outcome, message, problems, List.of());
        }

        public static Verdict of(Outcome outcome, String message) {
            return new Verdict(outcome, message, List.of());
        }

        public static Verdict invalid(List<Problem> problems) {
            return new Verdict(Outcome.INVALID, problems.isEmpty() ? "" : problems.get(0).toString(), problems);
        }

        /** This verdict with the server's warnings. */
        public Verdict withWarnings(List<String> serverWarnings) {
            return new Verdict(outcome, message, problems, serverWarnings);
        }

        /** Written (applied now or at the next boot). */
        public boolean written() {
            return outcome == Outcome.APPLIED || outcome == Outcome.APPLIES_AT_NEXT_BOOT;
        }
    }
}
