package dev.wharf.inventory;

import java.util.List;
import java.util.Optional;

/**
 * Facet: the logs an item offers ({@code item.facet(LogStreams.class)}); an item without it
 * has no logs. Attached by the connector's mapping, read by menus, the CLI and the log viewer.
 *
 * @param streams       the logs, in the order a picker lists them
 * @param defaultStream the one shown when the user names none (kubectl's default container;
 *                      a VM's guest console log)
 * @param note          why a log the user may expect is missing and how to get it (a VM whose
 *                      guest console log is off); empty when nothing is missing
 */
public record LogStreams(List<LogStream> streams, String defaultStream, String note) {
    public LogStreams {
        streams = List.copyOf(streams);
        note = note == null ? "" : note;
        if (defaultStream == null && !streams.isEmpty()) {
            defaultStream = streams.get(0).name();
        }
    }

    public Optional<LogStream> find(String name) {
        return streams.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
