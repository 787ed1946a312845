package dev.wharf.app.cli;

import dev.wharf.app.Sessions.Session;
import dev.wharf.app.SourceOptions;
import dev.wharf.inventory.InventorySnapshot;
import dev.wharf.isolation.IsolationAnalysis;
import dev.wharf.isolation.IsolationReport;
import dev.wharf.isolation.IsolationSettings;
import dev.wharf.isolation.Severity;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wharf audit}: the isolation analysis of every source's first listing, as a table or
 * JSON. Exit code 3 when a finding at or above {@code --fail-on} exists (for CI pipelines), 1
 * when every source failed, else 0.
 */
@Command(name = "audit", usageHelpAutoWidth = true,
        description = {"Audit isolation: which tenants share a kernel, what undoes a sandbox, where each node runs.",
            "Waits for every source's first listing; a source in error gets one line on stderr.",
            "Exit code 3 if a finding at or above --fail-on exists, 1 if every source failed, else 0."})
final class AuditCommand implements Callable<Integer> {
    /** Exit code when a finding at or above the threshold exists. */
    static final int FINDINGS = 3;

    enum Format { TABLE, JSON }

    /** The thresholds {@code --fail-on} takes (info never fails a pipeline). */
    enum Threshold {
        CRITICAL, HIGH, MEDIUM, LOW;

        Severity severity() {
            return Severity.valueOf(name());
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A threshold in its lower-case name; anything else is a usage error (exit 2) that lists them. */
    static final class ThresholdConverter implements picocli.CommandLine.ITypeConverter<Threshold> {
        @Override
        public Threshold convert(String value) {
            for (Threshold t : Threshold.values()) {
                if (t.toString().equalsIgnoreCase(value.trim())) {
                    return t;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value
                    + "' is no severity: use critical, high, medium or low");
        }
    }

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
    Format output = Format.TABLE;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = ThresholdConverter.class,
            description = "Exit with code 3 when a finding this bad or worse exists: ${COMPLETION-CANDIDATES}.")
    Threshold failOn;

    private final Cli cli;
    private final WharfCommand root;

    AuditCommand(Cli cli, WharfCommand root) {
        this.cli = cli;
        this.root = root;
    }

    @Override
    public Integer call() {
        SourceOptions o = cli.begin(root.global, global);
        try (Cli.Opened opened = cli.open(o)) {
            Session session = opened.session();
            List<SourceSync.Outcome> outcomes = cli.startAndSync(session, false);
            if (!outcomes.isEmpty() && outcomes.stream().noneMatch(SourceSync.Outcome::ok)) {
                return 1;
            }
            InventorySnapshot snap = session.inventory().snapshot();
            IsolationReport report = IsolationAnalysis.analyse(snap.items(), IsolationSettings.DEFAULT);
            if (output == Format.JSON) {
                cli.out().println(AuditJson.pretty(AuditJson.document(report)));
            } else {
                cli.out().print(AuditTable.render(report, snap));
            }
            return failOn != null && report.any(failOn.severity()) ? FINDINGS : 0;
        }
    }
}
