package dev.wharf.views.console;

import com.techsenger.jeditermfx.core.TerminalExecutorServiceManager;
import com.techsenger.jeditermfx.core.model.StyleState;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import com.techsenger.jeditermfx.ui.TerminalAction;
import com.techsenger.jeditermfx.ui.TerminalActionProvider;
import com.techsenger.jeditermfx.ui.TerminalCopyPasteHandler;
import com.techsenger.jeditermfx.ui.TerminalPanel;
import com.techsenger.jeditermfx.ui.settings.SettingsProvider;

import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@link TerminalWidget} on JediTermFX: a native JavaFX terminal (xterm escapes, 16/256/true
 * colour, answers cursor-position queries), fed through a {@link StreamTtyConnector}. Its
 * emulator runs on its own thread; the canvas repaints on a 50 fps timer, so output never
 * floods the JavaFX thread. Create on the JavaFX thread.
 */
public final class JediTermWidget implements TerminalWidget {
    private final TerminalSettings settings = new TerminalSettings();
    private final StreamTtyConnector tty = new StreamTtyConnector();
    private final Emulator emulator;

    public JediTermWidget() {
        this(TextClipboard.system(), 80, 24);
    }

    public JediTermWidget(TextClipboard clipboard, int columns, int rows) {
        emulator = new Emulator(columns, rows, settings);
        emulator.panel().clipboard.target = clipboard;
        emulator.setNextProvider(new ZoomActions());
        emulator.setTtyConnector(tty);
        emulator.start();
        // on the pane, so it runs before JediTermFX's own filter on the canvas
        emulator.getPane().addEventFilter(KeyEvent.KEY_PRESSED, this::controlKey);
    }

    /**
     * Ctrl+letter (and Ctrl+[ \\ ] Space) as the control byte, whatever text the platform puts in
     * the key event; shortcuts of the terminal itself (Ctrl+F find …) keep their meaning.
     */
    private void controlKey(KeyEvent e) {
        if (!e.isControlDown() || e.isAltDown() || e.isMetaDown() || e.isShiftDown() || isShortcut(e)) {
            return;
        }
        KeyCode k = e.getCode();
        int code;
        if (k.isLetterKey()) {
            code = k.getChar().charAt(0) & 0x1f;
        } else if (k == KeyCode.OPEN_BRACKET) {
            code = 0x1b;
        } else if (k == KeyCode.BACK_SLASH) {
            code = 0x1c;
        } else if (k == KeyCode.CLOSE_BRACKET) {
            code = 0x1d;
        } else if (k == KeyCode.SPACE) {
            code = 0;
        } else {
            return;
        }
        var out = emulator.getTerminalPanel().getTerminalOutputStream();
        if (out != null) {
            out.sendBytes(new byte[] {(byte) code}, true);
            e.consume();
        }
    }

    private boolean isShortcut(KeyEvent e) {
        for (TerminalActionProvider p = emulator.getTerminalPanel(); p != null; p = p.getNextProvider()) {
            for (TerminalAction a : p.getActions()) {
                if (a.matches(e)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Node node() {
        return emulator.getPane();
    }

    @Override
    public void feed(byte[] data) {
        tty.feed(data);
    }

    @Override
    public void onInput(Consumer<byte[]> sink) {
        tty.onInput(sink);
    }

    @Override
    public void onResize(SizeListener listener) {
        tty.onResize(listener);
    }

    @Override
    public int columns() {
        return emulator.getTerminalTextBuffer().getWidth();
    }

    @Override
    public int rows() {
        return emulator.getTerminalTextBuffer().getHeight();
    }

    @Override
    public void copy() {
        emulator.getTerminalPanel().handleCopy(false, false);
    }

    @Override
    public void paste() {
        emulator.getTerminalPanel().handlePaste();
    }

    @Override
    public String selectedText() {
        String s = emulator.getTerminalPanel().selectedTextProperty().get();
        return s == null ? "" : s;
    }

    @Override
    public void selectAll() {
        emulator.getTerminalPanel().selectAll();
    }

    @Override
    public void showFind() {
        emulator.getActions().get(0).actionPerformed(null);
    }

    @Override
    public void zoomIn() {
        zoomTo(settings.fontSize() + 1);
    }

    @Override
    public void zoomOut() {
        zoomTo(settings.fontSize() - 1);
    }

    @Override
    public void resetZoom() {
        zoomTo(TerminalSettings.DEFAULT_FONT_SIZE);
    }

    private void zoomTo(float size) {
        settings.fontSize(size);
        emulator.panel().refont();
    }

    @Override
    public double fontSize() {
        return settings.fontSize();
    }

    @Override
    public void focus() {
        emulator.getTerminalPanel().getCanvas().requestFocus();
    }

    /** The emulator's buffer: text and style per cell (tests and benchmarks read it). */
    TerminalTextBuffer textBuffer() {
        return emulator.getTerminalTextBuffer();
    }

    /** The emulator (tests ask it for the cursor). */
    com.techsenger.jeditermfx.core.Terminal terminal() {
        return emulator.getTerminal();
    }

    @Override
    public void close() {
        tty.close();
        emulator.close();
    }

    /** Ctrl+= / Ctrl+- / Ctrl+0, also in the context menu. */
    private final class ZoomActions implements TerminalActionProvider {
        private TerminalActionProvider next;

        @Override
        public List<TerminalAction> getActions() {
            return List.of(
                    new TerminalAction(settings.zoomIn(), e -> {
                        zoomIn();
                        return true;
                    }).separatorBefore(true),
                    new TerminalAction(settings.zoomOut(), e -> {
                        zoomOut();
                        return true;
                    }),
                    new TerminalAction(settings.resetZoom(), e -> {
                        resetZoom();
                        return true;
                    }));
        }

        @Override
        public TerminalActionProvider getNextProvider() {
            return next;
        }

        @Override
        public void setNextProvider(TerminalActionProvider provider) {
            next = provider;
        }
    }

    /** JediTermFX's widget with our clipboard, daemon threads and a font that can change. */
    private static final class Emulator extends JediTermFxWidget {
        Emulator(int columns, int rows, SettingsProvider settings) {
            super(columns, rows, settings);
        }

        Panel panel() {
            return (Panel) getTerminalPanel();
        }

        @Override
        protected TerminalPanel createTerminalPanel(SettingsProvider settingsProvider, StyleState styleState,
                                                    TerminalTextBuffer terminalTextBuffer) {
            return new Panel(settingsProvider, terminalTextBuffer, styleState);
        }

        @Override
        protected TerminalExecutorServiceManager createExecutorServiceManager() {
            return new DaemonExecutors();
        }
    }

    private static final class Panel extends TerminalPanel {
        ClipboardBridge clipboard; // set from the super constructor: no initializer on purpose

        Panel(SettingsProvider settings, TerminalTextBuffer buffer, StyleState style) {
            super(settings, buffer, style);
        }

        @Override
        protected TerminalCopyPasteHandler createCopyPasteHandler() {
            clipboard = new ClipboardBridge();
            return clipboard;
        }

        void refont() {
            reinitFontAndResize();
            repaint();
        }
    }

    /** JediTermFX copies through AWT; we go through JavaFX (or a test's clipboard). */
    private static final class ClipboardBridge implements TerminalCopyPasteHandler {
        volatile TextClipboard target = TextClipboard.system();

        @Override
        public void setContents(String text, boolean useSystemSelectionClipboardIfAvailable) {
            target.put(text);
        }

        @Override
        public String getContents(boolean useSystemSelectionClipboardIfAvailable) {
            return target.get();
        }
    }

    /** Like JediTermFX's executors, but daemon threads: an open console never keeps Wharf from exiting. */
    private static final class DaemonExecutors implements TerminalExecutorServiceManager {
        private static final AtomicInteger IDS = new AtomicInteger();
        private final ScheduledExecutorService single = Executors.newSingleThreadScheduledExecutor(daemon("terminal-io-"));
        private final ExecutorService unbounded = Executors.newCachedThreadPool(daemon("terminal-emulator-"));

        private static ThreadFactory daemon(String prefix) {
            return r -> {
                Thread t = new Thread(r, prefix + IDS.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }

        @Override
        public ScheduledExecutorService getSingleThreadScheduledExecutor() {
            return single;
        }

        @Override
        public ExecutorService getUnboundedExecutorService() {
            return unbounded;
        }

        @Override
        public void shutdownWhenAllExecuted() {
            if (!single.isShutdown()) {
                single.execute(single::shutdown);
            }
            unbounded.shutdown();
        }
    }
}
