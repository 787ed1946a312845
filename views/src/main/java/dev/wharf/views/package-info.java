/**
 * JavaFX views of the inventory; never imports fabric8 or libvirt (the app wires connectors in).
 * <ul>
 * <li>{@code model}: plain-Java view models (filter, counts, the shared selection, capabilities to
 *     enabled/tooltip, the delta coalescer, the task runner, the backend router)</li>
 * <li>{@code topology}: the Canvas topology (layout off the UI thread, hit-testing, level of detail)</li>
 * <li>{@code table}: the virtualised table; {@code details}: properties, relations, events, raw definition</li>
 * <li>{@code actions}: action controller, confirmations, menus, command palette, toasts</li>
 * <li>{@code connect}: connections dialog, libvirt URI form, credential prompt</li>
 * <li>{@code shell}: the main window, sidebar, filter and status bars; {@code theme}: light/dark, palette, glyphs</li>
 * <li>{@code console}: console tabs (owned by the console work)</li>
 * <li>{@code bench}: the topology benchmark</li>
 * </ul>
 */
package dev.wharf.views;
