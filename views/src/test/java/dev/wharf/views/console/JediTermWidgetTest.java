package dev.wharf.views.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.techsenger.jeditermfx.core.TerminalColor;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;

import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Window;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The terminal fed known ANSI samples; asserted on JediTerm's text buffer and styles, not pixels. */
class JediTermWidgetTest {
    private JediTermWidget terminal;
    private final ByteArrayOutputStream input = new ByteArrayOutputStream();
    private final List<String> sizes = new ArrayList<>();
    private final StringBuilder clipboardText = new StringBuilder();
    private final TextClipboard clipboard = new TextClipboard() {
        @Override
        public String get() {
            return clipboardText.length() == 0 ? null : clipboardText.toString();
        }

        @Override
        public void put(String text) {
            clipboardText.setLength(0);
            clipboardText.append(text);
        }
    };

    @BeforeAll
    static void toolkit() {
        Fx.start();
    }

    @BeforeEach
    void setUp() throws Exception {
        terminal = Fx.call(() -> new JediTermWidget(clipboard, 80, 24));
        terminal.onInput(b -> {
            synchronized (input) {
                input.writeBytes(b);
            }
        });
        terminal.onResize((c, r) -> {
            synchronized (sizes) {
                sizes.add(c + "x" + r);
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        Fx.run(terminal::close);
    }

    private TerminalTextBuffer buffer() {
        return terminal.textBuffer();
    }

    private String line(int y) {
        buffer().lock();
        try {
            return buffer().getLine(y).getText().stripTrailing();
        } finally {
            buffer().unlock();
        }
    }

    private TextStyle styleAt(int x, int y) {
        buffer().lock();
        try {
            return buffer().getStyleAt(x, y);
        } finally {
            buffer().unlock();
        }
    }

    private String input() {
        synchronized (input) {
            return input.toString(StandardCharsets.UTF_8);
        }
    }

    private void feed(String s) {
        terminal.feed(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rendersColoursAndAttributesIntoTheTextBuffer() throws Exception {
        feed("\u001b[1;31mERROR\u001b[0m plain \u001b[42;30mok\u001b[0m \u001b[4munder\u001b[0m"
                + " \u001b[38;5;208m256\u001b[0m \u001b[38;2;10;20;30mrgb\u001b[0m \u001b[7minv\u001b[0m\r\nsecond line");
        Fx.await("two lines", () -> line(1).equals("second line"));

        assertThat(line(0)).isEqualTo("ERROR plain ok under 256 rgb inv");
        TextStyle error = styleAt(0, 0);
        assertThat(error.getForeground()).isEqualTo(TerminalColor.index(1));
        assertThat(error.hasOption(TextStyle.Option.BOLD)).isTrue();
        TextStyle plain = styleAt(7, 0);
        assertThat(plain.getForeground()).isNull();
        assertThat(plain.hasOption(TextStyle.Option.BOLD)).isFalse();
        TextStyle ok = styleAt(12, 0);
        assertThat(ok.getBackground()).isEqualTo(TerminalColor.index(2));
        assertThat(ok.getForeground()).isEqualTo(TerminalColor.index(0));
        assertThat(styleAt(15, 0).hasOption(TextStyle.Option.UNDERLINED)).isTrue();
        assertThat(styleAt(21, 0).getForeground()).as("xterm 208 = (255,135,0)").isEqualTo(TerminalColor.rgb(255, 135, 0));
        assertThat(styleAt(25, 0).getForeground()).isEqualTo(TerminalColor.rgb(10, 20, 30));
        assertThat(styleAt(29, 0).hasOption(TextStyle.Option.INVERSE)).isTrue();

        // the cursor sits after "second line" (0-based x 11, 1-based row 2)
        assertThat(terminal.terminal().getCursorX()).isEqualTo(12);
        assertThat(terminal.terminal().getCursorY()).isEqualTo(2);
    }

    @Test
    void cursorMovementAndErasingWork() throws Exception {
        feed("hello world\u001b[5D\u001b[K\u001b[1;1HJ\u001b[2;3Hx");
        Fx.await("the x", () -> line(1).equals("  x"));
        assertThat(line(0)).isEqualTo("Jello");
    }

    @Test
    void decodesUtf8SplitAcrossChunks() throws Exception {
        byte[] all = "grüße € ✓ 😀 done".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < all.length; i++) {
            terminal.feed(Arrays.copyOfRange(all, i, i + 1)); // one byte at a time
        }
        Fx.await("the text", () -> line(0).contains("done"));
        assertThat(line(0).replace("\uE000", "")).startsWith("grüße € ✓ ");
        assertThat(line(0)).doesNotContain("\uFFFD");
    }

    @Test
    void answersCursorPositionQueriesLikeBusyboxSendsAfterEveryPrompt() throws Exception {
        feed("~ # \u001b[6n");
        Fx.await("the answer", () -> !input().isEmpty());
        assertThat(input()).isEqualTo("\u001b[1;5R");
    }

    @Test
    void keepsTenThousandLinesOfScrollback() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 12_000; i++) {
            sb.append("line ").append(i).append("\r\n");
        }
        feed(sb.toString());
        Fx.await("the last line", () -> buffer().getHistoryLinesCount() > 0 && line(22).equals("line 12000"));
        assertThat(buffer().getHistoryLinesCount()).isEqualTo(TerminalSettings.SCROLLBACK_LINES);
        int oldest = -buffer().getHistoryLinesCount();
        assertThat(line(oldest)).isEqualTo("line " + (12_000 - 23 - 10_000 + 1));
    }

    @Test
    void copiesTheSelectionAndPastesMultipleLinesWithCarriageReturns() throws Exception {
        feed("first\r\nsecond");
        Fx.await("text", () -> line(1).equals("second"));
        Fx.run(() -> {
            terminal.selectAll();
            terminal.copy();
        });
        assertThat(clipboardText.toString()).startsWith("first\nsecond");

        clipboard.put("echo one\necho two\r\n");
        Fx.run(terminal::paste);
        Fx.await("the paste", () -> input().length() >= 18);
        assertThat(input()).isEqualTo("echo one\recho two\r");
    }

    @Test
    void followsItsSizeAndTheFontZoom() throws Exception {
        Stage stage = Fx.call(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new StackPane(terminal.node()), 800, 400));
            s.show();
            return s;
        });
        try {
            Fx.await("a size from the layout", () -> {
                synchronized (sizes) {
                    return !sizes.isEmpty();
                }
            });
            int columns = Fx.call(terminal::columns);
            assertThat(columns).isBetween(40, 200);
            assertThat(sizes.get(sizes.size() - 1)).isEqualTo(columns + "x" + Fx.call(terminal::rows));

            double before = terminal.fontSize();
            Fx.run(() -> {
                terminal.zoomIn();
                terminal.zoomIn();
                terminal.zoomIn();
            });
            assertThat(terminal.fontSize()).isEqualTo(before + 3);
            Fx.await("fewer columns with a bigger font", () -> terminal.columns() < columns);
            Fx.run(terminal::resetZoom);
            assertThat(terminal.fontSize()).isEqualTo(before);
        } finally {
            Fx.run(stage::close);
        }
    }

    private void key(KeyCode code, boolean shift, boolean ctrl) throws Exception {
        Fx.run(() -> {
            var canvas = terminal.node().lookup("Canvas");
            canvas.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, shift, ctrl, false, false));
            canvas.fireEvent(new KeyEvent(KeyEvent.KEY_RELEASED, "", "", code, shift, ctrl, false, false));
        });
    }

    @Test
    void keyboardShortcutsCopyPasteAndZoomWhileOrdinaryKeysGoToTheGuest() throws Exception {
        feed("copy me");
        Fx.await("text", () -> line(0).equals("copy me"));
        Fx.run(terminal::selectAll);
        key(KeyCode.C, true, true);
        assertThat(clipboardText.toString()).startsWith("copy me");
        assertThat(input()).as("Ctrl+Shift+C is not sent to the guest").isEmpty();

        clipboard.put("ls -l\nexit\n");
        key(KeyCode.V, true, true);
        Fx.await("the paste", () -> input().equals("ls -l\rexit\r"));

        double size = terminal.fontSize();
        key(KeyCode.EQUALS, false, true);
        assertThat(terminal.fontSize()).isEqualTo(size + 1);
        key(KeyCode.MINUS, false, true);
        key(KeyCode.MINUS, false, true);
        assertThat(terminal.fontSize()).isEqualTo(size - 1);

        Fx.run(() -> {
            var canvas = terminal.node().lookup("Canvas");
            canvas.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "q", KeyCode.Q, false, false, false, false));
            canvas.fireEvent(new KeyEvent(KeyEvent.KEY_TYPED, "q", "", KeyCode.UNDEFINED, false, false, false, false));
        });
        key(KeyCode.C, false, true); // Ctrl+C without a selection: an interrupt for the guest
        key(KeyCode.CLOSE_BRACKET, false, true);
        Fx.await("typed keys", () -> input().endsWith("q\u0003\u001d"));
        key(KeyCode.F, false, true); // Ctrl+F stays the terminal's find
        assertThat(input()).endsWith("q\u0003\u001d");
    }

    @Test
    void theContextMenuOffersCopyPasteFindAndZoom() throws Exception {
        Stage stage = Fx.call(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new StackPane(terminal.node()), 600, 300));
            s.show();
            return s;
        });
        try {
            Fx.run(() -> terminal.node().lookup("Canvas").fireEvent(new MouseEvent(MouseEvent.MOUSE_CLICKED, 20, 20,
                    120, 120, MouseButton.SECONDARY, 1, false, false, false, false, false, false, true, false, true,
                    true, null)));
            List<String> items = Fx.call(() -> Window.getWindows().stream()
                    .filter(w -> w instanceof ContextMenu && w.isShowing())
                    .flatMap(w -> ((ContextMenu) w).getItems().stream())
                    .map(MenuItem::getText).filter(t -> t != null).map(t -> t.replace("_", "")).toList());
            assertThat(items).contains("Copy", "Paste", "Select All", "Find", "Zoom In", "Zoom Out", "Reset Zoom");
        } finally {
            Fx.run(stage::close);
        }
    }

    @Test
    void theFindBarOpensOverTheTerminal() throws Exception {
        int before = Fx.call(() -> ((StackPane) terminal.node()).getChildren().size());
        Fx.run(terminal::showFind);
        assertThat(Fx.call(() -> ((StackPane) terminal.node()).getChildren().size())).isEqualTo(before + 1);
    }
}
