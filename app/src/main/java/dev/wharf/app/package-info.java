/**
 * The application: {@link dev.wharf.app.Main} (the command line, and the desktop when given no
 * command), {@link dev.wharf.app.SourceOptions} (the sources a user chose) and
 * {@link dev.wharf.app.Sessions} (which turns them into live sources, the lab included, for the
 * CLI and the desktop alike). The commands are in {@code dev.wharf.app.cli}, the window in
 * {@code dev.wharf.app.desktop}, saved settings in {@code dev.wharf.app.settings}.
 */
package dev.wharf.app;
