package dev.wharf.views.console;

import dev.wharf.inventory.ConsoleType;
import dev.wharf.inventory.Item;

import javafx.scene.control.TabPane;

/**
 * Console tabs for the main window: one tab per open console, each a terminal with a status
 * line; tabs can be popped out into their own windows.
 */
public final class ConsoleTabs extends TabPane {
    private final ConsoleOpener opener;

    public ConsoleTabs(ConsoleOpener opener) {
        this.opener = opener;
    }

    /** Opens (or focuses) a console of {@code type} for {@code item}. Call on the JavaFX thread. */
    public void open(Item item, ConsoleType type) {
        throw new UnsupportedOperationException("console view not built yet: " + opener + item + type);
    }
}
