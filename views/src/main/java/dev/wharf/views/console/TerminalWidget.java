package dev.wharf.views.console;

import javafx.scene.Node;

import java.util.function.Consumer;

/**
 * A terminal emulator as the console view needs it, so that the emulator behind it can be
 * swapped (JediTermFX today; xterm.js in a WebView would fit too).
 *
 * <p>Threads: {@link #feed} may be called from any thread and never blocks; the rest is for the
 * JavaFX thread. The callbacks may come from any thread.
 */
public interface TerminalWidget extends AutoCloseable {

    /** The node to put in a scene. */
    Node node();

    /** Output of the far end, as received (UTF-8 split anywhere is fine). Any thread; never blocks. */
    void feed(byte[] data);

    /** Where the terminal's input goes: keystrokes, pastes and the terminal's own answers (e.g. to ESC[6n). */
    void onInput(Consumer<byte[]> sink);

    /** Called with the new size whenever the visible size (columns × rows) changes. */
    void onResize(SizeListener listener);

    /** Receives the terminal size. */
    @FunctionalInterface
    interface SizeListener {
        void resized(int columns, int rows);
    }

    int columns();

    int rows();

    /** Copies the selection to the clipboard (also Ctrl+Shift+C and the context menu). */
    void copy();

    /** Pastes the clipboard as input, lines ending in CR (also Ctrl+Shift+V and the context menu). */
    void paste();

    /** The selected text, or empty. */
    String selectedText();

    /** Selects everything, scrollback included. */
    void selectAll();

    /** Shows the find bar, which searches the scrollback (also Ctrl+F). */
    void showFind();

    /** Bigger font (also Ctrl+=). */
    void zoomIn();

    /** Smaller font (also Ctrl+-). */
    void zoomOut();

    /** The default font size again (also Ctrl+0). */
    void resetZoom();

    double fontSize();

    /** Puts the keyboard focus into the terminal. */
    void focus();

    /** Stops the emulator's threads; the widget is dead afterwards. */
    @Override
    void close();
}
