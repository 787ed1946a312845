package dev.wharf.views.theme;

import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;

import javafx.scene.paint.Color;

/**
 * The colours the topology Canvas draws with (a Canvas cannot use CSS). They mirror the
 * AtlantaFX Primer light and dark palettes that {@code wharf.css} uses.
 */
public record Palette(boolean dark, Color background, Color grid, Color hostFill, Color hostStroke, Color nodeFill,
                      Color nodeStroke, Color laneStroke, Color cellFill, Color cellHover, Color cellStroke,
                      Color text, Color muted, Color accent, Color accentFill) {

    public static final Palette LIGHT = new Palette(false, Color.web("#eef1f5"), Color.web("#e2e7ed"),
            Color.web("#f8f9fb"), Color.web("#b8c2cc"), Color.web("#ffffff"), Color.web("#d0d7de"),
            Color.web("#9aa5b1"), Color.web("#f6f8fa"), Color.web("#eaeef2"), Color.web("#d8dee4"),
            Color.web("#1f2328"), Color.web("#656d76"), Color.web("#0969da"), Color.web("#ddf4ff"));

    public static final Palette DARK = new Palette(true, Color.web("#0b0f14"), Color.web("#161b22"),
            Color.web("#11161d"), Color.web("#3d444d"), Color.web("#161b22"), Color.web("#30363d"),
            Color.web("#57606a"), Color.web("#212830"), Color.web("#2a323c"), Color.web("#363e48"),
            Color.web("#e6edf3"), Color.web("#9198a1"), Color.web("#4493f8"), Color.web("#112a4a"));

    public Color state(State s) {
        return switch (s) {
            case RUNNING -> dark ? Color.web("#3fb950") : Color.web("#1a7f37");
            case SUCCEEDED -> dark ? Color.web("#56d364") : Color.web("#2da44e");
            case PAUSED -> dark ? Color.web("#d29922") : Color.web("#bf8700");
            case STOPPED -> dark ? Color.web("#8b949e") : Color.web("#6e7781");
            case PENDING, STARTING -> dark ? Color.web("#58a6ff") : Color.web("#0969da");
            case STOPPING -> dark ? Color.web("#db6d28") : Color.web("#bc4c00");
            case MIGRATING -> dark ? Color.web("#a371f7") : Color.web("#8250df");
            case FAILED -> dark ? Color.web("#f85149") : Color.web("#cf222e");
            case UNKNOWN -> dark ? Color.web("#6e7681") : Color.web("#8c959f");
        };
    }

    /** The colour of a kind as the window names it (a sandbox: the sandbox isolation's). */
    public Color kind(dev.wharf.views.model.ShownKind k) {
        return k == dev.wharf.views.model.ShownKind.SANDBOX ? isolation(dev.wharf.inventory.Isolation.SANDBOX) : kind(k.kindOf());
    }

    public Color kind(Kind k) {
        return switch (k) {
            case HOST -> dark ? Color.web("#c9d1d9") : Color.web("#424a53");
            case NODE -> dark ? Color.web("#39c5cf") : Color.web("#0a7b83");
            case POD -> dark ? Color.web("#58a6ff") : Color.web("#0969da");
            case VM -> dark ? Color.web("#a371f7") : Color.web("#8250df");
            case MICROVM -> dark ? Color.web("#f778ba") : Color.web("#bf3989");
        };
    }

    public Color isolation(Isolation i) {
        return switch (i) {
            case CONTAINER -> muted;
            case SANDBOX -> dark ? Color.web("#d29922") : Color.web("#9a6700");
            case MICROVM -> kind(Kind.MICROVM);
            case VM -> kind(Kind.VM);
        };
    }
}
