package dev.wharf.views.metrics;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Usage;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.theme.Palette;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * The details pane's Usage section for the selected item: per CPU, memory, disk and network the
 * current figure (its origin as a tooltip), a sparkline of the last 15 minutes with min/max, and a
 * readout of the slot under the mouse; for a node or host, capacity bars (usage / requests /
 * allocatable); the source's note once, above all of it. Hidden when the item's source measures
 * nothing. Renders only from the model's ready {@link UsageFrame}.
 */
public final class UsagePanel extends VBox {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final InventoryViewModel vm;
    private final UsageModel model;
    private final Label note = new Label();
    private final Row cpu = new Row("cpu", "CPU", Metric.CPU, null);
    private final Row memory = new Row("memory", "Memory", Metric.MEMORY, null);
    private final Row disk = new Row("disk", "Disk", Metric.DISK_READ, Metric.DISK_WRITE);
    private final Row net = new Row("net", "Network", Metric.NET_RX, Metric.NET_TX);
    private final VBox capacity = new VBox(6);
    private final CapacityBar cpuBar = new CapacityBar("usage-capacity-cpu");
    private final CapacityBar memoryBar = new CapacityBar("usage-capacity-memory");
    private UsageFrame frame = UsageFrame.EMPTY;
    private Item item;
    // what the last render showed: a frame that changes nothing for the item is not rendered again
    private Usage shownUsage;
    private String shownNote;
    private boolean shownWatched;
    private boolean shownHistory;
    private Item shownItem;
    // the workloads on the item, looked up once per selection or inventory change (not per poll)
    private java.util.List<Item> runningOn;

    public UsagePanel(InventoryViewModel vm, UsageModel model) {
        super(8);
        this.vm = vm;
        this.model = model;
        setId("details-usage");
        getStyleClass().add("usage-panel");
        Label title = new Label("Usage");
        title.getStyleClass().add("section-title");
        note.setId("usage-note");
        note.getStyleClass().add("usage-note");
        note.setWrapText(true);
        Label capTitle = new Label("Capacity");
        capTitle.getStyleClass().add("usage-subtitle");
        capacity.setId("usage-capacity");
        capacity.getChildren().addAll(capTitle, labelled("CPU", cpuBar), labelled("Memory", memoryBar));
        getChildren().addAll(title, note, cpu, memory, disk, net, capacity);
        model.frameProperty().addListener((o, a, f) -> {
            frame = f;
            render();
        });
        vm.selectedProperty().addListener((o, a, i) -> {
            item = i;
            runningOn = null;
            render();
        });
        vm.revisionProperty().addListener((o, a, b) -> runningOn = null);
        item = vm.selected();
        frame = model.frame();
        render();
    }

    /** The sparklines' colours follow the theme. */
    public void setPalette(Palette p) {
        Color second = p.dark() ? Color.web("#a371f7") : Color.web("#8250df");
        for (Row r : new Row[] {cpu, memory, disk, net}) {
            r.line.setColours(p.accent(), second, p.cellStroke());
        }
    }

    private static VBox labelled(String name, CapacityBar bar) {
        Label l = new Label(name);
        l.getStyleClass().add("prop-key");
        return new VBox(2, l, bar);
    }

    private void render() {
        boolean watched = item != null && frame.watched().contains(item.source());
        String n = watched ? frame.note(item.source()) : "";
        Usage u = watched ? frame.usage(item.id()) : null;
        UsageSeries s = watched && frame.history() != null && frame.history().itemId().equals(item.id()) ? frame.history() : null;
        if (item == shownItem && u == shownUsage && watched == shownWatched && n.equals(shownNote) && (s != null) == shownHistory) {
            return; // a poll of another source: nothing of this item changed
        }
        shownItem = item;
        shownUsage = u;
        shownWatched = watched;
        shownNote = n;
        shownHistory = s != null;
        show(this, watched);
        if (!watched) {
            return;
        }
        note.setText(n);
        show(note, !n.isEmpty());
        boolean any = u != null || s != null;
        // a source that says why it has no figures shows that sentence alone, not four rows of n/a
        boolean rows = any || n.isEmpty();
        for (Row r : new Row[] {cpu, memory, disk, net}) {
            // CPU and memory always (n/a says "not measured"); disk and network only where the source
            // measures them (metrics-server never does): four rows of n/a would push the capacity bars away
            show(r, rows && (r.second == null || r.measured(u, s)));
            r.render(u, s);
        }
        if (any && runningOn == null) {
            runningOn = vm.runningOn(item.id());
        }
        Capacity c = any ? Capacity.of(item, u, runningOn) : null;
        show(capacity, c != null);
        if (c != null) {
            cpuBar.set(share(c.cpuUsed(), c.cpuAllocatable()), share(c.cpuRequested(), c.cpuAllocatable()),
                    "used " + UsageFormat.cpu(c.cpuUsed()) + (c.cpuRequested() == null ? "" : " · requested "
                            + UsageFormat.cpu(c.cpuRequested())) + " · allocatable " + UsageFormat.cpu(c.cpuAllocatable()));
            memoryBar.set(share(c.memoryUsed(), c.memoryAllocatable()), share(c.memoryRequested(), c.memoryAllocatable()),
                    "used " + UsageFormat.memory(c.memoryUsed()) + (c.memoryRequested() == null ? "" : " · requested "
                            + UsageFormat.memory(c.memoryRequested())) + " · allocatable " + UsageFormat.memory(c.memoryAllocatable()));
        }
    }

    private static double share(Number part, Number whole) {
        return part == null || whole == null || whole.doubleValue() <= 0 ? Double.NaN : part.doubleValue() / whole.doubleValue();
    }

    private static void show(javafx.scene.Node n, boolean on) {
        n.setVisible(on);
        n.setManaged(on);
    }

    /** One figure (or a pair: read/write, receive/transmit): name, value, sparkline, min/max or readout. */
    private static final class Row extends VBox {
        private final Metric first;
        private final Metric second;
        private final Label value = new Label();
        private final Label range = new Label();
        private final Sparkline line = new Sparkline();
        private final Tooltip origin = new Tooltip();
        private UsageSeries series;
        private String rangeText = "";

        Row(String id, String name, Metric first, Metric second) {
            super(2);
            this.first = first;
            this.second = second;
            setId("usage-" + id);
            getStyleClass().add("usage-row");
            Label key = new Label(name);
            key.getStyleClass().add("prop-key");
            value.setId("usage-" + id + "-value");
            value.getStyleClass().add("usage-value");
            range.setId("usage-" + id + "-range");
            range.getStyleClass().add("usage-range");
            line.setId("usage-" + id + "-spark");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox head = new HBox(8, key, spacer, value);
            head.setAlignment(Pos.BASELINE_LEFT);
            line.setOnHover(this::readout);
            getChildren().addAll(head, line, range);
        }

        /** Whether the item has this figure now or had it in the last 15 minutes. */
        boolean measured(Usage u, UsageSeries s) {
            return u != null && (!Float.isNaN(first.of(u)) || second != null && !Float.isNaN(second.of(u)))
                    || s != null && (s.known(first) || second != null && s.known(second));
        }

        void render(Usage u, UsageSeries s) {
            series = s;
            value.setText(current(u));
            String tip = u == null ? "No figure now: the source did not measure it in its last poll."
                    : (u.origin().isEmpty() ? "" : u.origin() + "\n") + "measured"
                    + (u.window() == null ? "" : " over " + u.window().toSeconds() + " s")
                    + (u.at() == null ? "" : " at " + TIME.format(u.at()));
            origin.setText(tip);
            value.setTooltip(origin);
            line.setData(s == null ? null : s.of(first), s == null || second == null ? null : s.of(second));
            rangeText = s == null ? "no history yet" : rangeOf(s);
            range.setText(rangeText);
        }

        private String current(Usage u) {
            if (u == null) {
                return UsageFormat.NA;
            }
            return switch (first) {
                case CPU -> UsageFormat.cpu(u.cpuCores()) + UsageFormat.percent(u.cpuPercent());
                case MEMORY -> UsageFormat.memory(u.memoryBytes()) + UsageFormat.percent(u.memoryPercent());
                default -> pair(num(first.of(u)), num(second.of(u)));
            };
        }

        private static double num(float f) {
            return f;
        }

        private String pair(double a, double b) {
            String[] names = first == Metric.DISK_READ ? new String[] {"read ", "write "} : new String[] {"in ", "out "};
            return names[0] + UsageFormat.of(first, a) + " · " + names[1] + UsageFormat.of(second, b);
        }

        private String rangeOf(UsageSeries s) {
            if (second == null) {
                return s.known(first) ? "min " + UsageFormat.of(first, s.min(first)) + " · max " + UsageFormat.of(first, s.max(first))
                        : "no figures in 15 min";
            }
            if (!s.known(first) && !s.known(second)) {
                return "no figures in 15 min";
            }
            return "max " + pair(s.max(first), s.max(second));
        }

        private void readout(int k) {
            if (k < 0 || series == null) {
                range.setText(rangeText);
                return;
            }
            String when = TIME.format(Instant.ofEpochSecond(series.startOf(k)));
            float a = series.of(first)[k];
            range.setText(when + " · " + (second == null ? UsageFormat.of(first, a) : pair(a, series.of(second)[k])));
        }
    }

    // for tests
    Sparkline sparkline(Metric m) {
        return switch (m) {
            case CPU -> cpu.line;
            case MEMORY -> memory.line;
            case DISK_READ, DISK_WRITE -> disk.line;
            default -> net.line;
        };
    }
}
