/**
 * Live consoles: {@link dev.wharf.views.console.ConsoleTabs} (tabs that pop out into windows),
 * one {@link dev.wharf.views.console.ConsoleView} per console over a plain-Java
 * {@link dev.wharf.views.console.ConsoleViewModel} (connect, reconnect with backoff, log to
 * file), and the terminal behind our own {@link dev.wharf.views.console.TerminalWidget}
 * interface ({@link dev.wharf.views.console.JediTermWidget} on JediTermFX today).
 * Streams come through a {@link dev.wharf.views.console.ConsoleOpener}; nothing here knows
 * Kubernetes or libvirt.
 */
package dev.wharf.views.console;
