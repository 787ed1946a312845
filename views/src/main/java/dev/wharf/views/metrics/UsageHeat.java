package dev.wharf.views.metrics;

import dev.wharf.inventory.Usage;
import dev.wharf.views.theme.Palette;
import dev.wharf.views.topology.ChipTint;

import java.util.IdentityHashMap;
import java.util.Map;

import javafx.scene.paint.Color;

/**
 * The topology's usage colouring: a chip or node frame is tinted from its own fill (idle) through
 * amber to red (at or over what it may use) by its CPU or memory share; levels come ready from
 * the frame (computed on the usage model's thread), colours from a table of 11 per palette. The
 * far-zoom counts of a node or host get its CPU whether or not the colouring is on.
 */
public final class UsageHeat implements ChipTint {
    /** What the colouring shows. */
    public enum Mode {
        OFF("No usage colouring"), CPU("Heat by CPU"), MEMORY("Heat by memory");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Color AMBER = Color.web("#d4a72c");
    private static final Color RED = Color.web("#e5534b");
    /** Colours per palette, built once (the FX thread paints). */
    private static final Map<Palette, Color[]> TABLES = new IdentityHashMap<>();
    private final UsageFrame frame;
    private final Mode mode;

    public UsageHeat(UsageFrame frame, Mode mode) {
        this.frame = frame;
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public Color fill(String itemId, Palette palette) {
        if (mode == Mode.OFF) {
            return null;
        }
        int level = mode == Mode.CPU ? frame.cpuHeat(itemId) : frame.memoryHeat(itemId);
        if (level == UsageFrame.UNKNOWN) {
            return null;
        }
        return TABLES.computeIfAbsent(palette, UsageHeat::table)[level];
    }

    /** The heat colour of a level over a base fill: 0 a faint amber, 5 amber, 10 red, half covering the base. */
    static Color blend(Color base, int level) {
        double t = level / 10.0;
        Color hot = t <= 0.5 ? AMBER : AMBER.interpolate(RED, (t - 0.5) * 2);
        return base.interpolate(hot, 0.1 + 0.45 * t);
    }

    private static Color[] table(Palette p) {
        Color[] cells = new Color[11];
        for (int k = 0; k <= 10; k++) {
            cells[k] = blend(p.cellFill(), k);
        }
        return cells;
    }

    @Override
    public String farLine(String itemId) {
        Usage u = frame.usage(itemId);
        if (u == null || u.cpuCores() == null) {
            return null;
        }
        return "CPU " + UsageFormat.cpu(u.cpuCores()) + UsageFormat.percent(u.cpuPercent());
    }
}
