/**
 * The {@code wharf} command line (picocli): {@code ls} (table, JSON, {@code --watch}),
 * {@code act}, {@code console}, {@code lab}, and the pure pieces they print with
 * ({@link dev.wharf.app.cli.ItemTable}, {@link dev.wharf.app.cli.ItemJson},
 * {@link dev.wharf.app.cli.Target}). Wired by {@link dev.wharf.app.cli.Cli}'s constructor, so
 * tests run it on fake sources and byte streams. See app/README.md for the surface and exit codes.
 */
package dev.wharf.app.cli;
