package dev.wharf.rfb;

/**
 * What a session reports. All calls come from the session's reader thread, in order; keep them
 * short (hand work to another thread). Pixels are read from {@link RfbClient#framebuffer()}.
 */
public interface RfbListener {

    /** The handshake is done: the desktop's size and name. */
    default void onInit(int width, int height, String name) {
    }

    /** The framebuffer changed size (its content is black until the next update). */
    default void onResize(int width, int height) {
    }

    /** These pixels changed and are in the framebuffer now. */
    default void onDamage(Rect damaged) {
    }

    /** One framebuffer update (all its rectangles) is complete: a good moment to repaint. */
    default void onUpdateEnd() {
    }

    /** The server set the pointer's shape. */
    default void onCursor(Cursor cursor) {
    }

    /** QEMU says the guest's pointer is absolute (a tablet) or relative (a mouse). */
    default void onPointerType(boolean absolute) {
    }

    /** The guest's keyboard LEDs (QEMU LED state). */
    default void onLeds(boolean scrollLock, boolean numLock, boolean capsLock) {
    }

    default void onBell() {
    }

    /** The server's clipboard text (ServerCutText, Latin-1). */
    default void onClipboard(String text) {
    }

    /**
     * The session ended; called exactly once.
     *
     * @param reason what happened, in the user's words ("closed", "the server closed the connection"…)
     * @param error  the failure, or null when closed by {@link RfbClient#close()} or cleanly by the server
     */
    default void onEnd(String reason, RfbException error) {
    }
}
