package dev.wharf.inventory;

import java.util.List;

/**
 * What console to open.
 *
 * @param type      serial, exec or attach
 * @param force     take over a console another client holds (only when the user asked)
 * @param container for exec/attach: the container; null for the pod's first
 * @param command   for exec: the command; empty for the default shell ({@code bash}, then {@code sh})
 * @param columns   initial terminal width
 * @param rows      initial terminal height
 */
public record ConsoleRequest(ConsoleType type, boolean force, String container, List<String> command,
                             int columns, int rows) {
    public ConsoleRequest {
        command = command == null ? List.of() : List.copyOf(command);
        columns = columns <= 0 ? 80 : columns;
        rows = rows <= 0 ? 24 : rows;
    }

    public static ConsoleRequest of(ConsoleType type) {
        return new ConsoleRequest(type, false, null, List.of(), 80, 24);
    }

    public ConsoleRequest withForce(boolean f) {
        return new ConsoleRequest(type, f, container, command, columns, rows);
    }
}
