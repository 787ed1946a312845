package dev.wharf.inventory;

/**
 * Capability: opens an item's {@link ExternalDisplay} in an external viewer (SPICE: virt-viewer's
 * {@code remote-viewer}). Changes nothing on the source, so it carries no {@link Mutates} mark.
 */
public interface ExternalViewer {
    /**
     * Starts the viewer for the item's display and returns without waiting for it; when the viewer
     * is not installed, a {@link WharfException} says how to install it.
     */
    void openExternal(Item item);
}
