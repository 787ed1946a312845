package dev.wharf.inventory;

/**
 * Facet: the item has a graphical display that Wharf does not draw itself (SPICE), so it offers no
 * {@link ConsoleType#VNC} console for it; a source with {@link ExternalViewer} opens it in a viewer
 * of its own.
 *
 * @param protocol the display's protocol, e.g. {@code spice}
 */
public record ExternalDisplay(String protocol) {
}
