package dev.wharf.icons;

import java.util.Objects;

/**
 * Wharf's own glyphs as SVG path data on a 24×24 grid, filled with the even-odd rule (holes are
 * cut by inner sub-paths). One icon per thing a user sees: the inventory kinds (host, node, pod,
 * VM, microVM), the isolation badges (container, sandbox, microVM, VM) and a few markers.
 *
 * <p>Views draw them on a Canvas ({@code gc.appendSVGPath(icon.path())}) or as an
 * {@code SVGPath} node; generic glyphs (search, refresh, …) come from Ikonli's Feather pack.
 */
public enum WharfIcon {
    /** A libvirt hypervisor host: two stacked server slabs. */
    HOST("M2 3h20v7.5H2z M4.5 5.5h3v2.5h-3z M9 5.5h1.5v2.5H9z"
            + " M2 13.5h20V21H2z M4.5 16h3v2.5h-3z M9 16h1.5v2.5H9z"),
    /** A Kubernetes node: a hexagon with a hexagonal hole. */
    NODE("M12 1.5l9.5 5.25v10.5L12 22.5l-9.5-5.25V6.75z M12 6.2l-5.5 3.05v5.5L12 17.8l5.5-3.05v-5.5z"),
    /** A pod: a frame holding four containers. */
    POD("M3 3h18v18H3z M5.5 5.5v5.25h5.25V5.5z M13.25 5.5v5.25h5.25V5.5z"
            + " M5.5 13.25v5.25h5.25v-5.25z M13.25 13.25v5.25h5.25v-5.25z"),
    /** A virtual machine: a screen on a stand. */
    VM("M1.5 3.5h21v14h-21z M4 6v9h16V6z M8 19.5h8V22H8z"),
    /** A microVM: a chip with pins, small and fast. */
    MICROVM("M6.5 6.5h11v11h-11z M9 9v6h6V9z M8.5 2h2v3.5h-2z M13.5 2h2v3.5h-2z M8.5 18.5h2V22h-2z"
            + " M13.5 18.5h2V22h-2z M2 8.5h3.5v2H2z M2 13.5h3.5v2H2z M18.5 8.5H22v2h-3.5z M18.5 13.5H22v2h-3.5z"),

    /** Isolation badge: an ordinary container that shares the host kernel. */
    ISOLATION_CONTAINER("M12 2l9 4.5v11L12 22l-9-4.5v-11z M12 4.6L5.6 7.8 12 11l6.4-3.2z"
            + " M5 9.4v7l6 3v-7z M13 12.4v7l6-3v-7z"),
    /** Isolation badge: a sandbox (gVisor) — a shield. */
    ISOLATION_SANDBOX("M12 1.5l9 3.4v6.3c0 5.4-3.8 9.7-9 11.3-5.2-1.6-9-5.9-9-11.3V4.9z"
            + " M12 4.2L5.5 6.6v4.6c0 4 2.7 7.3 6.5 8.6 3.8-1.3 6.5-4.6 6.5-8.6V6.6z"),
    /** Isolation badge: a hardware-isolated microVM — a bolt. */
    ISOLATION_MICROVM("M13.5 1.5L3.5 13.5h7l-1.5 9 10-12h-7z"),
    /** Isolation badge: a full VM — a filled screen. */
    ISOLATION_VM("M1.5 3.5h21v14h-21z M8 19.5h8V22H8z"),

    /** Marker: a bare-metal node (no VM under it) — an anvil-like block. */
    BARE_METAL("M3 5h18v4H3z M6 10h12v4H6z M4 15h16v4H4z"),
    /** Marker: the pending lane (not yet scheduled) — an hourglass. */
    PENDING("M5 2h14v2.5c0 3-2.4 5.5-4.5 7.5 2.1 2 4.5 4.5 4.5 7.5V22H5v-2.5C5 16.5 7.4 14 9.5 12 7.4 10 5 7.5 5 4.5z"
            + " M7.5 4.5c0 2.2 2 4.2 4.5 6.3 2.5-2.1 4.5-4.1 4.5-6.3z"),
    /** Marker: a migration in progress — two arrows. */
    MIGRATING("M3 7h13V3.5L22 9l-6 5.5V11H3z M21 17H8v3.5L2 15l6-5.5V13h13z");

    /** The size of the grid the paths are drawn on. */
    public static final double GRID = 24;

    private final String path;

    WharfIcon(String path) {
        this.path = Objects.requireNonNull(path);
    }

    /** SVG path data on a {@value #GRID}×{@value #GRID} grid, to be filled with the even-odd rule. */
    public String path() {
        return path;
    }

    /** Sizes of the app icon PNGs, in pixels. */
    public static final int[] APP_ICON_SIZES = {16, 24, 32, 48, 64, 128, 256};

    /** Class-path resource of the app icon of {@code size} pixels (one of {@link #APP_ICON_SIZES}). */
    public static String appIconResource(int size) {
        return "/dev/wharf/icons/app/wharf-" + size + ".png";
    }
}
