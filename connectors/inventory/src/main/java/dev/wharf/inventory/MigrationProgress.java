package dev.wharf.inventory;

import java.time.Duration;
import java.time.Instant;

/**
 * Facet: a live migration under way (KubeVirt's VirtualMachineInstanceMigration).
 *
 * @param name    the migration object's name (Cancel deletes it); null when unknown
 * @param phase   "Pending", "Scheduling", "Scheduled", "PreparingTarget", "TargetReady", "Running" …
 * @param from    source node, may be null
 * @param to      target node, null while it is being scheduled
 * @param started when it began, may be null
 */
public record MigrationProgress(String name, String phase, String from, String to, Instant started) {

    /** Time since it started; zero when unknown. */
    public Duration elapsed(Instant now) {
        return started == null ? Duration.ZERO : Duration.between(started, now).isNegative()
                ? Duration.ZERO : Duration.between(started, now);
    }
}
