package dev.wharf.views.topology;

import dev.wharf.views.theme.Palette;

import javafx.scene.paint.Color;

/**
 * An optional colouring of chips and node frames (usage heat …) and an extra line for a group's
 * far-zoom counts, from figures computed off the FX thread; the painter asks it per visible item.
 */
public interface ChipTint {

    /** The fill of an item's chip or node frame, or null to draw it as usual. */
    Color fill(String itemId, Palette palette);

    /** An extra line under a group's far-zoom counts ("CPU 1250m"), or null. */
    String farLine(String itemId);
}
