package dev.wharf.inventory;

import java.time.Instant;
import java.util.List;

/**
 * One poll of a source's usage.
 *
 * @param source the source's id
 * @param at     when the poll was made
 * @param usages each item measured in this poll; an item left out has no figure now (show n/a, never 0)
 * @param note   empty when the source measured normally; else one sentence for the source's line that
 *               says why figures are missing and what to do ("metrics unavailable: metrics-server is not
 *               installed", "metrics forbidden: …")
 */
public record UsagePoll(String source, Instant at, List<Usage> usages, String note) {
    public UsagePoll {
        usages = List.copyOf(usages);
        note = note == null ? "" : note;
    }
}
