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
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * One row on screen: timestamp and origin (when asked), the text in its ANSI colours (style
 * classes {@code ansi-fg-N}, {@code ansi-bold}…), search matches highlighted ({@code log-match}),
 * markers set apart ({@code log-marker}). Only visible rows are cells: this is all the rendering.
 */
final class LogCell extends ListCell<LogRow> {
    private final BooleanSupplier timestamps;
    private final BooleanSupplier origins;
    private final BooleanSupplier wrap;
    private final Supplier<Pattern> search;
    private final TextFlow flow = new TextFlow();

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
        getStyleClass().remove("log-marker");
        if (empty || row == null) {
            setGraphic(null);
            setText(null);
            return;
        }
        List<Node> nodes = new ArrayList<>();
        if (row.isMarker()) {
            getStyleClass().add("log-marker");
            nodes.add(text(markerText(row), "log-marker-text"));
        } else {
            if (timestamps.getAsBoolean() && row.line().timestamp() != null) {
                nodes.add(text(row.line().timestamp() + " ", "log-timestamp"));
            }
            if (origins.getAsBoolean() && row.line().origin() != null) {
                nodes.add(text("[" + row.line().origin() + "] ", "log-origin"));
            }
            styled(row, nodes);
        }
        flow.getChildren().setAll(nodes);
        if (wrap.getAsBoolean() && getListView() != null) {
            flow.setMaxWidth(getListView().getWidth() - 30);
            flow.setPrefWidth(getListView().getWidth() - 30);
        } else {
            flow.setMaxWidth(Double.MAX_VALUE);
            flow.setPrefWidth(javafx.scene.layout.Region.USE_COMPUTED_SIZE);
        }
        setText(null);
        setGraphic(flow);
    }

    private static String markerText(LogRow row) {
        String what = switch (row.line().kind()) {
            case RESTART -> "⟳ ";
            case END -> "■ ";
            case GAP -> "⚠ ";
            default -> "ℹ ";
        };
        return what + (row.line().text().isEmpty() ? row.text() : row.line().text());
    }

    /** The text split at style runs and search matches. */
    private void styled(LogRow row, List<Node> out) {
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
            for (int k = 0; k + 2 < runs.length + 0 && k < runs.length; k += 3) {
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
                out.add(text(piece, classes(style)));
            }
            pos = end;
        }
    }

    private static String[] classes(int style) {
        List<String> c = new ArrayList<>(3);
        int fg = AnsiText.foreground(style);
        if (fg >= 0) {
            c.add("ansi-fg-" + fg);
        }
        if ((style & AnsiText.BOLD) != 0) {
            c.add("ansi-bold");
        }
        if ((style & AnsiText.DIM) != 0) {
            c.add("ansi-dim");
        }
        if ((style & AnsiText.ITALIC) != 0) {
            c.add("ansi-italic");
        }
        if ((style & AnsiText.UNDERLINE) != 0) {
            c.add("ansi-underline");
        }
        return c.toArray(String[]::new);
    }

    private static Text text(String s, String... classes) {
        Text t = new Text(s);
        t.getStyleClass().add("log-text");
        t.getStyleClass().addAll(classes);
        return t;
    }
}
