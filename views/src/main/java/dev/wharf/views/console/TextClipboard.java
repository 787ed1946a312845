package dev.wharf.views.console;

import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** The clipboard as the terminal sees it; tests use an in-memory one. Call on the JavaFX thread. */
public interface TextClipboard {
    /** The clipboard's text, or null. */
    String get();

    void put(String text);

    /** The system clipboard, through JavaFX. */
    static TextClipboard system() {
        return new TextClipboard() {
            @Override
            public String get() {
                Clipboard c = Clipboard.getSystemClipboard();
                return c.hasString() ? c.getString() : null;
            }

            @Override
            public void put(String text) {
                ClipboardContent content = new ClipboardContent();
                content.putString(text);
                Clipboard.getSystemClipboard().setContent(content);
            }
        };
    }
}
