package dev.wharf.views.console;

import com.techsenger.jeditermfx.core.TerminalColor;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.core.emulator.ColorPalette;
import com.techsenger.jeditermfx.core.emulator.ColorPaletteImpl;
import com.techsenger.jeditermfx.ui.TerminalActionPresentation;
import com.techsenger.jeditermfx.ui.settings.DefaultSettingsProvider;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.text.Font;

import java.util.List;

/** How Wharf's terminals look and behave: dark, xterm colours, 10,000 lines of scrollback, zoomable font. */
final class TerminalSettings extends DefaultSettingsProvider {
    static final int SCROLLBACK_LINES = 10_000;
    static final float DEFAULT_FONT_SIZE = 13;
    static final float MIN_FONT_SIZE = 6;
    static final float MAX_FONT_SIZE = 48;

    private volatile float fontSize = DEFAULT_FONT_SIZE;

    float fontSize() {
        return fontSize;
    }

    void fontSize(float size) {
        fontSize = Math.max(MIN_FONT_SIZE, Math.min(MAX_FONT_SIZE, size));
    }

    @Override
    public float getTerminalFontSize() {
        return fontSize;
    }

    @Override
    public Font getTerminalFont() {
        return Font.font("Monospaced", fontSize);
    }

    @Override
    public ColorPalette getTerminalColorPalette() {
        return ColorPaletteImpl.XTERM_PALETTE;
    }

    @Override
    @SuppressWarnings("deprecation")
    public TextStyle getDefaultStyle() {
        return new TextStyle(TerminalColor.rgb(0xd0, 0xd0, 0xd0), TerminalColor.rgb(0x1e, 0x1e, 0x1e));
    }

    @Override
    public int getBufferMaxLinesCount() {
        return SCROLLBACK_LINES;
    }

    @Override
    public boolean audibleBell() {
        return false;
    }

    TerminalActionPresentation zoomIn() {
        return new TerminalActionPresentation("Zoom In", List.of(
                new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN),
                new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN),
                new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN)));
    }

    TerminalActionPresentation zoomOut() {
        return new TerminalActionPresentation("Zoom Out", List.of(
                new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN),
                new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN)));
    }

    TerminalActionPresentation resetZoom() {
        return new TerminalActionPresentation("Reset Zoom",
                new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN));
    }
}
