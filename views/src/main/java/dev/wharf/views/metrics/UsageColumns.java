package dev.wharf.views.metrics;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Usage;

import java.util.List;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * The table's CPU and Memory columns, as {@code kubectl top} writes them ({@code 250m (12%)},
 * {@code 1.2Gi (40%)}), sortable, with n/a last whichever way the column sorts. A new frame
 * rewrites only the visible usage cells' text (no row or cell is rebuilt) and, when the table is
 * sorted by usage and holds at most {@link #RESORT_LIMIT} rows, sorts it again; a larger table keeps
 * its order until the user sorts again (a TableView re-sorting 1,500 rows cost the FX thread
 * 6.6 ms of CPU per poll in {@code UsageBenchmark}, over the 4 ms a poll may cost).
 */
public final class UsageColumns {
    private static final PseudoClass NA = PseudoClass.getPseudoClass("na");
    /** Up to this many rows a poll re-sorts a table sorted by usage. */
    public static final int RESORT_LIMIT = 500;

    private UsageColumns() {
    }

    /** Adds the two columns after the table's others and follows the model. */
    public static List<TableColumn<Item, Item>> install(TableView<Item> table, UsageModel model) {
        TableColumn<Item, Item> cpu = column("CPU", model, u -> u.cpuCores());
        TableColumn<Item, Item> memory = column("Memory", model, u -> u.memoryBytes() == null ? null : u.memoryBytes().doubleValue());
        cpu.setId("column-cpu");
        memory.setId("column-memory");
        table.getColumns().addAll(List.of(cpu, memory));
        java.util.Set<UsageCell> cells = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
        cpu.setCellFactory(col -> register(cells, new UsageCell(model, u -> UsageFormat.cpu(u.cpuCores()) + UsageFormat.percent(u.cpuPercent()))));
        memory.setCellFactory(col -> register(cells, new UsageCell(model,
                u -> UsageFormat.memory(u.memoryBytes()) + UsageFormat.percent(u.memoryPercent()))));
        model.frameProperty().addListener((o, a, f) -> {
            if (!table.isVisible()) {
                return;
            }
            if ((table.getSortOrder().contains(cpu) || table.getSortOrder().contains(memory))
                    && table.getItems().size() <= RESORT_LIMIT) {
                // the same columns again: a new comparator, so the sorted list sorts by the new figures
                List<TableColumn<Item, ?>> order = List.copyOf(table.getSortOrder());
                table.getSortOrder().setAll(order);
            }
            for (UsageCell c : cells) {
                c.show(c.getItem(), c.isEmpty());
            }
        });
        return List.of(cpu, memory);
    }

    private static TableColumn<Item, Item> column(String title, UsageModel model, Function<Usage, Double> value) {
        TableColumn<Item, Item> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
        // n/a last both ways: the table reverses the comparator for a descending sort, so say the opposite then
        c.setComparator((a, b) -> {
            Double x = figure(model, a, value);
            Double y = figure(model, b, value);
            if (x == null || y == null) {
                int last = c.getSortType() == TableColumn.SortType.ASCENDING ? 1 : -1;
                return x == null && y == null ? 0 : x == null ? last : -last;
            }
            return Double.compare(x, y);
        });
        c.setMinWidth(96);
        c.setPrefWidth(112);
        c.setMaxWidth(150);
        return c;
    }

    private static UsageCell register(java.util.Set<UsageCell> cells, UsageCell c) {
        cells.add(c);
        return c;
    }

    /** A usage figure; its text is rewritten in place when a frame arrives. */
    private static final class UsageCell extends TableCell<Item, Item> {
        private final UsageModel model;
        private final Function<Usage, String> text;

        UsageCell(UsageModel model, Function<Usage, String> text) {
            this.model = model;
            this.text = text;
            getStyleClass().add("usage-cell");
        }

        @Override
        protected void updateItem(Item item, boolean empty) {
            super.updateItem(item, empty);
            show(item, empty);
        }

        void show(Item item, boolean empty) {
            if (empty || item == null) {
                setText(null);
                pseudoClassStateChanged(NA, false);
                return;
            }
            Usage u = model.frame().usage(item.id());
            String s = u == null ? UsageFormat.NA : text.apply(u);
            setText(s);
            pseudoClassStateChanged(NA, s.startsWith(UsageFormat.NA));
        }
    }

    private static Double figure(UsageModel model, Item i, Function<Usage, Double> value) {
        Usage u = model.frame().usage(i.id());
        return u == null ? null : value.apply(u);
    }

}
