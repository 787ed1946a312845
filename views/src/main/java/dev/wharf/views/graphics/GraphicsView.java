package dev.wharf.views.graphics;

import dev.wharf.rfb.Framebuffer;
import dev.wharf.rfb.Keys;
import dev.wharf.rfb.Rect;
import dev.wharf.rfb.RfbListener;
import dev.wharf.views.console.ConsoleViewModel;

import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A graphical console: a toolbar (Reconnect / Take over, Send keys, Type clipboard, Screenshot,
 * 1:1, Full screen, Pop out), the remote screen, a notice (relative mouse) and a status line.
 *
 * <p>Keyboard: while the screen has the focus it grabs the keyboard (every key goes to the guest,
 * Tab and shortcuts included) until Ctrl+Alt is pressed or the focus moves; the status line says
 * which. Keys go as XT scancodes by US position ({@link XtScancodes}). Pointer: the screen's
 * coordinates scaled back to the guest's, buttons and wheel as RFB's mask.
 */
public final class GraphicsView extends BorderPane {
    static final String STYLE_CLASS = "graphics-view";
    static final PseudoClass GRABBED = PseudoClass.getPseudoClass("grabbed");
    static final String RELATIVE_MOUSE_NOTICE = "The guest has a relative mouse only: the pointer may lag or drift. "
            + "Add a tablet input device for an accurate pointer.";

    private final ConsoleViewModel model;
    private final GraphicsSession session;
    private final FrameImage frame;
    private final ImageView imageView = new ImageView();
    private final StackPane screen = new StackPane(imageView);
    private final ScrollPane scroller = new ScrollPane(screen);
    private final Label status = new Label();
    private final Label notice = new Label(RELATIVE_MOUSE_NOTICE);
    private final Button reconnect = new Button("Reconnect");
    private final MenuButton send = new MenuButton("Send keys");
    private final Button typeClipboard = new Button("Type clipboard");
    private final ToggleButton oneToOne = new ToggleButton("1:1");
    final Button fullScreen = new Button("Full screen");
    final Button popOut = new Button("Pop out");
    private final Map<KeyCode, Integer> pressed = new HashMap<>();
    private final Function<File, File> chooseScreenshot;
    private final Executor background;
    private boolean grabbed;
    private boolean ctrlDown;
    private boolean altDown;
    private int buttons;
    private String note;

    /**
     * @param password         asks for the VNC password (called off the FX thread; may wait for the user)
     * @param chooseScreenshot asks where to save a screenshot (a FileChooser; tests answer directly)
     * @param background       runs handshakes, typing and PNG encoding
     */
    public GraphicsView(ConsoleViewModel model, Supplier<char[]> password, Function<File, File> chooseScreenshot,
                        Executor background) {
        this.model = model;
        this.chooseScreenshot = chooseScreenshot;
        this.background = background;
        this.session = new GraphicsSession(model, new Display(), password, background);
        this.frame = new FrameImage(session::framebuffer);
        getStyleClass().add(STYLE_CLASS);

        imageView.imageProperty().bind(frame.imageProperty());
        imageView.setPreserveRatio(true);
        imageView.setSmooth(true);
        screen.getStyleClass().add("graphics-screen");
        screen.setFocusTraversable(true);
        scroller.setFitToWidth(true);
        scroller.setFitToHeight(true);
        scroller.getStyleClass().add("graphics-scroller");
        scroller.viewportBoundsProperty().addListener((o, a, b) -> fit());
        oneToOne.selectedProperty().addListener((o, a, b) -> fit());
        oneToOne.setTooltip(new Tooltip("Show the guest's screen pixel for pixel (else: scale to fit)"));

        reconnect.setOnAction(e -> model.reconnect());
        send.getItems().addAll(
                chord("Ctrl+Alt+Del", Keys.CTRL_L, Keys.ALT_L, Keys.DELETE),
                chord("Ctrl+Alt+Backspace", Keys.CTRL_L, Keys.ALT_L, Keys.BACKSPACE),
                new SeparatorMenuItem());
        for (int i = 1; i <= 12; i++) {
            send.getItems().add(chord("Ctrl+Alt+F" + i, Keys.CTRL_L, Keys.ALT_L, Keys.function(i)));
        }
        send.getItems().addAll(new SeparatorMenuItem(), chord("PrintScreen", Keys.PRINT));
        send.setId("graphics-send-keys");
        typeClipboard.setId("graphics-type-clipboard");
        typeClipboard.setTooltip(new Tooltip("Type the clipboard's text as key presses (US key positions)"));
        typeClipboard.setOnAction(e -> typeClipboard());
        Button screenshot = new Button("Screenshot");
        screenshot.setTooltip(new Tooltip("Save the guest's screen as a PNG"));
        screenshot.setOnAction(e -> screenshot());
        Pane spring = new Pane();
        HBox.setHgrow(spring, Priority.ALWAYS);
        setTop(new ToolBar(reconnect, send, typeClipboard, screenshot, new Separator(), oneToOne, spring,
                fullScreen, popOut));
        setCenter(scroller);

        notice.getStyleClass().add("graphics-notice");
        notice.setWrapText(true);
        notice.setMaxWidth(Double.MAX_VALUE);
        notice.setVisible(false);
        notice.setManaged(false);
        status.getStyleClass().add("console-status");
        status.setMaxWidth(Double.MAX_VALUE);
        setBottom(new VBox(notice, status));

        screen.addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        screen.addEventFilter(KeyEvent.KEY_RELEASED, this::keyReleased);
        screen.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (grabbed) {
                e.consume();
            }
        });
        screen.focusedProperty().addListener((o, a, focused) -> {
            if (focused) {
                grab();
            } else {
                ungrab();
            }
        });
        imageView.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            screen.requestFocus();
            grab();
            buttons |= mask(e.getButton());
            pointer(e.getX(), e.getY());
        });
        imageView.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            buttons &= ~mask(e.getButton());
            pointer(e.getX(), e.getY());
        });
        imageView.addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointer(e.getX(), e.getY()));
        imageView.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> pointer(e.getX(), e.getY()));
        imageView.addEventHandler(ScrollEvent.SCROLL, e -> {
            int wheel = e.getDeltaY() > 0 ? 1 << 3 : e.getDeltaY() < 0 ? 1 << 4 : 0;
            if (wheel != 0) {
                buttons |= wheel;
                pointer(e.getX(), e.getY());
                buttons &= ~wheel;
                pointer(e.getX(), e.getY());
                e.consume();
            }
        });
        model.addListener(this::refresh);
        refresh();
    }

    public ConsoleViewModel model() {
        return model;
    }

    /** The session under the view (keys, pointer, framebuffer). */
    public GraphicsSession session() {
        return session;
    }

    /** The image shown (null before the first frame). */
    public javafx.scene.image.WritableImage image() {
        return frame.imageProperty().get();
    }

    /** Whether keys go to the guest now. */
    public boolean keyboardGrabbed() {
        return grabbed;
    }

    /** Gives the screen the focus (and so the keyboard). */
    public void focusScreen() {
        screen.requestFocus();
    }

    String statusText() {
        return status.getText();
    }

    FrameImage frame() {
        return frame;
    }

    javafx.scene.Node screenNode() {
        return screen;
    }

    boolean noticeShown() {
        return notice.isVisible();
    }

    String reconnectText() {
        return reconnect.getText();
    }

    void clickReconnect() {
        reconnect.fire();
    }

    /** Stops the session and the repaint timer. */
    public void close() {
        frame.stop();
        session.close();
    }

    private MenuItem chord(String label, Keys.Key... keys) {
        MenuItem item = new MenuItem(label);
        item.setOnAction(e -> {
            session.chord(keys);
            screen.requestFocus();
        });
        return item;
    }

    private void fit() {
        if (oneToOne.isSelected()) {
            imageView.setFitWidth(0);
            imageView.setFitHeight(0);
        } else {
            var vp = scroller.getViewportBounds();
            imageView.setFitWidth(Math.max(1, vp.getWidth()));
            imageView.setFitHeight(Math.max(1, vp.getHeight()));
        }
    }

    private void grab() {
        if (!grabbed && screen.isFocused() && !session.viewOnly()) {
            grabbed = true;
            refresh();
        }
    }

    /** Lets the keyboard go: releases every key the guest still thinks is down. */
    private void ungrab() {
        if (!grabbed) {
            return;
        }
        grabbed = false;
        for (var e : pressed.entrySet()) {
            Keys.Key k = XtScancodes.of(e.getKey());
            if (k != null) {
                session.key(k.scancode(), e.getValue(), false);
            }
        }
        pressed.clear();
        ctrlDown = false;
        altDown = false;
        refresh();
    }

    private void keyPressed(KeyEvent e) {
        if (!grabbed) {
            return;
        }
        e.consume();
        KeyCode code = e.getCode();
        if (code == KeyCode.CONTROL) {
            ctrlDown = true;
        } else if (code == KeyCode.ALT) {
            altDown = true;
        }
        if (ctrlDown && altDown && (code == KeyCode.CONTROL || code == KeyCode.ALT)) {
            // Ctrl+Alt releases the keyboard (as virt-manager); the guest sees the keys let go
            pressed.put(code, XtScancodes.of(code).keysym());
            ungrab();
            return;
        }
        Keys.Key k = XtScancodes.of(code);
        if (k == null) {
            return;
        }
        int keysym = keysym(e, k);
        pressed.put(code, keysym);
        session.key(k.scancode(), keysym, true);
    }

    private void keyReleased(KeyEvent e) {
        if (!grabbed) {
            return;
        }
        e.consume();
        KeyCode code = e.getCode();
        if (code == KeyCode.CONTROL) {
            ctrlDown = false;
        } else if (code == KeyCode.ALT) {
            altDown = false;
        }
        Keys.Key k = XtScancodes.of(code);
        Integer keysym = pressed.remove(code);
        if (k != null) {
            session.key(k.scancode(), keysym != null ? keysym : k.keysym(), false);
        }
    }

    /** The keysym for servers without scancodes: the character typed where there is one (Latin-1). */
    private static int keysym(KeyEvent e, Keys.Key k) {
        String text = e.getText();
        if (text != null && text.length() == 1 && k.keysym() < 0x100) {
            char c = text.charAt(0);
            if (c >= 0x20 && c < 0x100 && c != 0x7f) {
                return c;
            }
        }
        return k.keysym();
    }

    private static int mask(MouseButton b) {
        return switch (b) {
            case PRIMARY -> 1;
            case MIDDLE -> 2;
            case SECONDARY -> 4;
            default -> 0;
        };
    }

    private void pointer(double x, double y) {
        Framebuffer fb = session.framebuffer();
        var bounds = imageView.getBoundsInLocal();
        if (fb == null || bounds.getWidth() <= 0 || bounds.getHeight() <= 0) {
            return;
        }
        int fx = (int) Math.floor(x * frame.width() / bounds.getWidth());
        int fy = (int) Math.floor(y * frame.height() / bounds.getHeight());
        session.pointer(Math.max(0, Math.min(frame.width() - 1, fx)), Math.max(0, Math.min(frame.height() - 1, fy)),
                buttons);
    }

    private void typeClipboard() {
        String text = Clipboard.getSystemClipboard().getString();
        if (text == null || text.isEmpty()) {
            note = "The clipboard holds no text to type.";
        } else {
            try {
                session.type(text);
                note = "Typed " + text.length() + " characters.";
            } catch (IllegalArgumentException ex) {
                note = "Typed nothing: " + ex.getMessage() + ".";
            }
        }
        refresh();
        screen.requestFocus();
    }

    private void screenshot() {
        Framebuffer fb = session.framebuffer();
        if (fb == null) {
            note = "No screen to save yet.";
            refresh();
            return;
        }
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        File suggested = new File(System.getProperty("user.home"),
                model.item().name().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + stamp + ".png");
        File chosen = chooseScreenshot.apply(suggested);
        if (chosen == null) {
            return;
        }
        Framebuffer.Frame shot = fb.snapshot();
        background.execute(() -> {
            String result;
            try {
                Screenshots.writePng(shot, chosen.toPath());
                result = "Saved the screen to " + chosen + ".";
            } catch (java.io.IOException | RuntimeException ex) {
                result = "Could not save the screenshot to " + chosen + ": " + ex.getMessage();
            }
            String r = result;
            Platform.runLater(() -> {
                note = r;
                refresh();
            });
        });
    }

    private void refresh() {
        boolean takeOver = model.busy() || (model.phase() == ConsoleViewModel.Phase.DISCONNECTED
                && model.lastEnd() != null && model.lastEnd().reason() == dev.wharf.inventory.ConsoleEnd.Reason.TAKEN_OVER);
        reconnect.setText(takeOver ? "Take over" : "Reconnect");
        reconnect.setTooltip(new Tooltip(takeOver ? "Connect and disconnect the other viewer"
                : "Connect again now (takes the console over from another viewer)"));
        reconnect.setDisable(!model.canReconnect());
        boolean viewOnly = session.viewOnly();
        send.setDisable(viewOnly);
        typeClipboard.setDisable(viewOnly);
        String keyboard = model.phase() != ConsoleViewModel.Phase.CONNECTED ? ""
                : viewOnly ? "  \u00b7  View only: nothing typed or clicked reaches the guest"
                : grabbed ? "  ·  Keyboard grabbed: keys go to the guest (Ctrl+Alt releases)"
                : "  ·  Click the screen to type into the guest";
        status.setText(model.statusText() + keyboard + (note == null ? "" : "  ·  " + note));
        status.pseudoClassStateChanged(GRABBED, grabbed);
        for (ConsoleViewModel.Phase p : ConsoleViewModel.Phase.values()) {
            status.pseudoClassStateChanged(PseudoClass.getPseudoClass(p.name().toLowerCase(java.util.Locale.ROOT)),
                    p == model.phase());
        }
        if (model.phase() != ConsoleViewModel.Phase.CONNECTED) {
            showNotice(false);
        }
    }

    private void showNotice(boolean show) {
        notice.setVisible(show);
        notice.setManaged(show);
    }

    /** What the RFB session reports, hopped to the FX thread where it touches nodes. */
    private final class Display implements RfbListener {
        @Override
        public void onInit(int width, int height, String name) {
            Platform.runLater(GraphicsView.this::refresh); // the toolbar follows a view-only session
        }

        @Override
        public void onResize(int width, int height) {
            frame.damagedAll();
        }

        @Override
        public void onDamage(Rect damaged) {
            frame.damaged(damaged);
        }

        @Override
        public void onPointerType(boolean absolute) {
            Platform.runLater(() -> showNotice(!absolute));
        }
    }
}
