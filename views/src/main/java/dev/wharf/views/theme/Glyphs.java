package dev.wharf.views.theme;

import dev.wharf.icons.WharfIcon;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Kind;

import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.SVGPath;

/** Scene-graph nodes for {@link WharfIcon}s, sized and styled by CSS class ({@code .wharf-icon}, {@code .kind-pod} …). */
public final class Glyphs {
    private Glyphs() {
    }

    /** The icon at {@code size} pixels, inside a group so that its layout size is the scaled size. */
    public static Node of(WharfIcon icon, double size, String... styleClasses) {
        SVGPath p = new SVGPath();
        p.setContent(icon.path());
        p.setFillRule(FillRule.EVEN_ODD);
        p.getStyleClass().add("wharf-icon");
        p.getStyleClass().addAll(styleClasses);
        double k = size / WharfIcon.GRID;
        p.setScaleX(k);
        p.setScaleY(k);
        Group g = new Group(p);
        g.getStyleClass().add("wharf-icon-box");
        return g;
    }

    /** The glyph of what the window calls the item (a gVisor pod: the sandbox shield). */
    public static Node kind(dev.wharf.inventory.Item i, double size) {
        return kind(dev.wharf.views.model.ShownKind.of(i), size);
    }

    public static Node kind(dev.wharf.views.model.ShownKind k, double size) {
        return of(KindStyle.icon(k), size, KindStyle.styleClass(k));
    }

    public static Node kind(Kind k, double size) {
        return of(KindStyle.icon(k), size, KindStyle.styleClass(k));
    }

    public static Node isolation(Isolation i, double size) {
        return of(KindStyle.badge(i), size, KindStyle.styleClass(i));
    }
}
