package dev.wharf.views.actions;

import javafx.animation.FadeTransition;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** In-window notifications, stacked at the bottom right; errors stay longer. Call on the UI thread. */
public final class ToastPane extends VBox implements Notifier {
    private static final int MAX = 4;
    /** A toast's width: within the details pane's least width (280) less the pane's margin. */
    public static final double WIDTH = 262;

    public ToastPane() {
        super(8);
        getStyleClass().add("toast-pane");
        setAlignment(Pos.BOTTOM_RIGHT);
        setPickOnBounds(false);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
    }

    @Override
    public void notify(Level level, String title, String message) {
        FontIcon icon = new FontIcon(switch (level) {
            case SUCCESS -> Feather.CHECK_CIRCLE;
            case ERROR -> Feather.ALERT_OCTAGON;
            case INFO -> Feather.INFO;
        });
        icon.getStyleClass().add("toast-icon");
        Label t = new Label(title);
        t.getStyleClass().add("toast-title");
        Label m = new Label(message);
        m.getStyleClass().add("toast-message");
        m.setWrapText(true);
        VBox text = new VBox(2, t, m);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button close = new Button(null, new FontIcon(Feather.X));
        close.getStyleClass().addAll("flat", "toast-close");
        HBox toast = new HBox(10, icon, text, close);
        toast.getStyleClass().addAll("toast", "toast-" + level.name().toLowerCase(java.util.Locale.ROOT));
        // no wider than the details pane, so a toast covers neither the topology's buttons nor its strip
        toast.setPrefWidth(WIDTH);
        toast.setMaxWidth(WIDTH);
        close.setOnAction(e -> getChildren().remove(toast));
        getChildren().add(toast);
        while (getChildren().size() > MAX) {
            getChildren().remove(0);
        }
        PauseTransition stay = new PauseTransition(Duration.seconds(level == Level.ERROR ? 12 : 5));
        stay.setOnFinished(e -> {
            FadeTransition fade = new FadeTransition(Duration.millis(300), toast);
            fade.setToValue(0);
            fade.setOnFinished(f -> getChildren().remove(toast));
            fade.play();
        });
        toast.setOnMouseEntered(e -> stay.pause());
        toast.setOnMouseExited(e -> stay.playFromStart());
        stay.play();
    }
}
