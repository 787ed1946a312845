package dev.wharf.views.topology;

import dev.wharf.icons.WharfIcon;

import java.util.HashMap;
import java.util.Map;

import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.SVGPath;

/**
 * The icons as small images, rendered once per icon and colour (at 2× for sharpness), so that
 * a paint draws bitmaps instead of parsing and filling SVG paths for every box. FX thread only.
 */
final class IconImages {
    private static final int PX = 36;
    private final Map<String, Image> cache = new HashMap<>();

    Image get(WharfIcon icon, Color color) {
        return cache.computeIfAbsent(icon.name() + color, k -> render(icon, color));
    }

    private static Image render(WharfIcon icon, Color color) {
        SVGPath p = new SVGPath();
        p.setContent(icon.path());
        p.setFillRule(FillRule.EVEN_ODD);
        p.setFill(color);
        double k = PX / WharfIcon.GRID;
        p.setScaleX(k);
        p.setScaleY(k);
        SnapshotParameters sp = new SnapshotParameters();
        sp.setFill(Color.TRANSPARENT);
        return new javafx.scene.Group(p).snapshot(sp, null);
    }
}
