package dev.wharf.views.theme;

import dev.wharf.views.model.ShownKind;

import dev.wharf.icons.WharfIcon;
import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Kind;

/**
 * How each kind and isolation looks: its glyph and its outline. The one place that maps kinds to
 * looks (presentation only — what an item can do comes from its capabilities).
 */
public final class KindStyle {
    /** The outline of a workload box on the topology. */
    public enum Shape {
        /** Square corners, double left edge: a full machine. */
        SQUARE,
        /** Softly rounded: a pod. */
        ROUNDED,
        /** Fully rounded ends: a microVM. */
        PILL,
        /** A frame: hosts and nodes. */
        FRAME
    }

    private KindStyle() {
    }

    public static WharfIcon icon(Kind k) {
        return switch (k) {
            case HOST -> WharfIcon.HOST;
            case NODE -> WharfIcon.NODE;
            case POD -> WharfIcon.POD;
            case VM -> WharfIcon.VM;
            case MICROVM -> WharfIcon.MICROVM;
        };
    }

    /** The glyph of a kind as the window names it: a sandbox wears the sandbox shield. */
    public static WharfIcon icon(ShownKind k) {
        return k == ShownKind.SANDBOX ? WharfIcon.ISOLATION_SANDBOX : icon(k.kindOf());
    }

    /** A sandbox is drawn like the pod it is. */
    public static Shape shape(ShownKind k) {
        return k == ShownKind.SANDBOX ? Shape.ROUNDED : shape(k.kindOf());
    }

    public static String styleClass(ShownKind k) {
        return k == ShownKind.SANDBOX ? styleClass(Isolation.SANDBOX) : styleClass(k.kindOf());
    }

    public static Shape shape(Kind k) {
        return switch (k) {
            case HOST, NODE -> Shape.FRAME;
            case POD -> Shape.ROUNDED;
            case VM -> Shape.SQUARE;
            case MICROVM -> Shape.PILL;
        };
    }

    public static WharfIcon badge(Isolation i) {
        if (i == null) {
            return null;
        }
        return switch (i) {
            case CONTAINER -> WharfIcon.ISOLATION_CONTAINER;
            case SANDBOX -> WharfIcon.ISOLATION_SANDBOX;
            case MICROVM -> WharfIcon.ISOLATION_MICROVM;
            case VM -> WharfIcon.ISOLATION_VM;
        };
    }

    /** The CSS style class for a kind's glyph ({@code kind-pod} …). */
    public static String styleClass(Kind k) {
        return "kind-" + k.wire();
    }

    public static String styleClass(Isolation i) {
        return "isolation-" + i.wire();
    }
}
