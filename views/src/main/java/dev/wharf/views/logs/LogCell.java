package dev.wharf.views.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * One row on screen: timestamp and origin (when asked), the text in its ANSI colours, search
 * matches highlighted ({@code log-match} labels), markers set apart ({@code log-marker}). Only
 * visible rows are cells: this is all the rendering. A cell keeps its {@link Text} nodes and
 * only changes their text, fill and font (no new nodes, no style classes to match: following a
 * busy log re-renders every visible row each pulse, and CSS on new nodes was most of that cost).
 * The ANSI colour of a segment is in its {@link Node#getUserData() user data} ("ansi-fg-N"), for tests.
 */
final class LogCell extends ListCell<LogRow> {
    /** The xterm-like palette, readable on the viewer's dark background. */
    static final Color[] ANSI = {
        Color.web("#545862"), Color.web("#ef5f5f"), Color.web("#8bd46e"), Color.web("#e5c07b"),
        Color.web("#61afef"), Color.web("#c678dd"), Color.web("#56b6c2"), Color.web("#d4d4d4"),
        Color.web("#7f848e"), Color.web("#ff7b7b"), Color.web("#a5e075"), Color.web("#f0d58a"),
        Color.web("#7cc3ff"), Color.web("#de8cf0"), Color.web("#6fd6e0"), Color.web("#ffffff")};
    static final Color TEXT = Color.web("#d4d4d4");
    static final Color TIMESTAMP = Color.web("#7f8c98");
    static final Color ORIGIN = Color.web("#c586c0");
    static final Color MARKER = Color.web("#e5c07b");
    private static final Font REGULAR = Font.font("monospace", 12);
    private static final Font BOLD = Font.font("monospace", FontWeight.BOLD, 12);
    private static final Font ITALIC = Font.font("monospace", FontPosture.ITALIC, 12);

    private final BooleanSupplier timestamps;
    private final BooleanSupplier origins;
    private final BooleanSupplier wrap;
    private final Supplier<Pattern> search;
    private final TextFlow flow = new TextFlow();
    private final List<Text> pool = new ArrayList<>();

    LogCell(BooleanSupplier timestamps, BooleanSupplier origins, BooleanSupplier wrap, Supplier<Pattern> search) {
        this.timestamps = timestamps;
        this.origins = origins;
        this.wrap = wrap;
        this.search = search;
        getStyleClass().add("log-cell");
        flow.getStyleClass().add("log-line");
    }

    @Override
    protected void updateItem(LogRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            pseudoClassStateChanged(MARKER_STATE, false);
            setGraphic(null);
            setText(null);
            return;
        }
        List<Node> nodes = new ArrayList<>();
        int used = 0;
        pseudoClassStateChanged(MARKER_STATE, row.isMarker());
        if (row.isMarker()) {
            nodes.add(text(used++, markerText(row), MARKER, BOLD, 1, "log-marker-text"));
        } else {
            if (timestamps.getAsBoolean() && row.line().timestamp() != null) {
                nodes.add(text(used++, row.line().timestamp() + " ", TIMESTAMP, REGULAR, 1, "log-timestamp"));
            }
            if (origins.getAsBoolean() && row.line().origin() != null) {
                nodes.add(text(used++, "[" + row.line().origin() + "] ", ORIGIN, REGULAR, 1, "log-origin"));
            }
            used = styled(row, nodes, used);
        }
        if (!flow.getChildren().equals(nodes)) {
            flow.getChildren().setAll(nodes);
        }
        if (wrap.getAsBoolean() && getListView() != null) {
            flow.setMaxWidth(getListView().getWidth() - 30);
            flow.setPrefWidth(getListView().getWidth() - 30);
        } else {
            flow.setMaxWidth(Double.MAX_VALUE);
            flow.setPrefWidth(javafx.scene.layout.Region.USE_COMPUTED_SIZE);
        }
        setText(null);
        if (getGraphic() != flow) {
            setGraphic(flow);
        }
    }

    private static final javafx.css.PseudoClass MARKER_STATE = javafx.css.PseudoClass.getPseudoClass("marker");

    private static String markerText(LogRow row) {
        String what = switch (row.line().kind()) {
            case RESTART -> "⟳ ";
            case END -> "■ ";
            case GAP -> "⚠ ";
            default -> "ℹ ";
        };
        return what + (row.line().text().isEmpty() ? row.text() : row.line().text());
    }

    /** The text split at style runs and search matches; returns how many pooled Texts are used. */
    private int styled(LogRow row, List<Node> out, int used) {
        String t = row.text();
        int[] runs = row.runs();
        Pattern p = search.get();
        List<int[]> hits = new ArrayList<>();
        if (p != null) {
            Matcher m = p.matcher(t);
            while (m.find() && hits.size() < 200) {
                if (m.end() > m.start()) {
                    hits.add(new int[] {m.start(), m.end()});
                }
            }
        }
        int pos = 0;
        int hit = 0;
        while (pos < t.length()) {
            int style = 0;
            int end = t.length();
            for (int k = 0; k < runs.length; k += 3) {
                if (runs[k] <= pos && pos < runs[k + 1]) {
                    style = runs[k + 2];
                    end = Math.min(end, runs[k + 1]);
                    break;
                } else if (runs[k] > pos) {
                    end = Math.min(end, runs[k]);
                    break;
                }
            }
            boolean inHit = false;
            while (hit < hits.size() && hits.get(hit)[1] <= pos) {
                hit++;
            }
            if (hit < hits.size()) {
                int[] h = hits.get(hit);
                if (h[0] <= pos) {
                    inHit = true;
                    end = Math.min(end, h[1]);
                } else {
                    end = Math.min(end, h[0]);
                }
            }
            String piece = t.substring(pos, end);
            if (inHit) {
                Label l = new Label(piece);
                l.getStyleClass().add("log-match");
                out.add(l);
            } else {
                int fg = AnsiText.foreground(style);
                Font font = (style & AnsiText.BOLD) != 0 ? BOLD : (style & AnsiText.ITALIC) != 0 ? ITALIC : REGULAR;
                Text x = text(used++, piece, fg >= 0 ? ANSI[fg] : TEXT, font, (style & AnsiText.DIM) != 0 ? 0.65 : 1,
                        fg >= 0 ? "ansi-fg-" + fg : null);
                x.setUnderline((style & AnsiText.UNDERLINE) != 0);
                out.add(x);
            }
            pos = end;
        }
        return used;
    }

    /** The i-th pooled Text, set to this segment. */
    private Text text(int i, String s, Color fill, Font font, double opacity, String tag) {
        while (pool.size() <= i) {
            Text t = new Text();
            t.getStyleClass().add("log-text");
            pool.add(t);
        }
        Text t = pool.get(i);
        t.setText(s);
        t.setFill(fill);
        t.setFont(font);
        t.setOpacity(opacity);
        t.setUnderline(false);
        t.setUserData(tag);
        return t;
    }
}
