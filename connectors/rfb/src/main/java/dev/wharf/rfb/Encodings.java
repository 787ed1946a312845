package dev.wharf.rfb;

import java.util.List;

/** RFB encoding numbers (RFC 6143 §7.7 and the community registry in rfbproto). */
public final class Encodings {
    public static final int RAW = 0;
    public static final int COPY_RECT = 1;
    public static final int HEXTILE = 5;
    public static final int ZRLE = 16;

    /** Pseudo-encoding: the framebuffer changed size (RFC 6143 §7.8.2). */
    public static final int DESKTOP_SIZE = -223;
    /** Pseudo-encoding: the cursor's shape (RFC 6143 §7.8.1). */
    public static final int CURSOR = -239;
    /** Pseudo-encoding: QEMU's pointer type change (absolute or relative mouse). */
    public static final int QEMU_POINTER_TYPE_CHANGE = -257;
    /** Pseudo-encoding: QEMU's extended key event (XT scancodes). */
    public static final int QEMU_EXTENDED_KEY_EVENT = -258;
    /** Pseudo-encoding: QEMU's keyboard LED state. */
    public static final int QEMU_LED_STATE = -261;
    /** Pseudo-encoding: the framebuffer's size and screen layout (rfbproto ExtendedDesktopSize). */
    public static final int EXTENDED_DESKTOP_SIZE = -308;

    /** What the client asks for by default, preferred first. */
    public static final List<Integer> DEFAULT = List.of(ZRLE, HEXTILE, COPY_RECT, RAW,
            EXTENDED_DESKTOP_SIZE, DESKTOP_SIZE, CURSOR, QEMU_EXTENDED_KEY_EVENT,
            QEMU_POINTER_TYPE_CHANGE, QEMU_LED_STATE);

    private Encodings() {
    }

    /** A name for messages ("ZRLE", "encoding 7"). */
    public static String name(int encoding) {
        return switch (encoding) {
            case RAW -> "Raw";
            case COPY_RECT -> "CopyRect";
            case HEXTILE -> "Hextile";
            case ZRLE -> "ZRLE";
            case DESKTOP_SIZE -> "DesktopSize";
            case CURSOR -> "Cursor";
            case QEMU_POINTER_TYPE_CHANGE -> "QEMU Pointer Type Change";
            case QEMU_EXTENDED_KEY_EVENT -> "QEMU Extended Key Event";
            case QEMU_LED_STATE -> "QEMU LED State";
            case EXTENDED_DESKTOP_SIZE -> "ExtendedDesktopSize";
            default -> "encoding " + encoding;
        };
    }
}
