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
 * repaints the visible cells and, when the table is sorted by usage, sorts it again.
 */
public final class UsageColumns {
    private static final PseudoClass NA = PseudoClass.getPseudoClass("na");

    private UsageColumns() {
    }

    /** Adds the two columns after the table's others and follows the model. */
    public static List<TableColumn<Item, Item>> install(TableView<Item> table, UsageModel model) {
        TableColumn<Item, Item> cpu = column("CPU", model, u -> u.cpuCores(),
                u -> UsageFormat.cpu(u.cpuCores()) + UsageFormat.percent(u.cpuPercent()));
        TableColumn<Item, Item> memory = column("Memory", model, u -> u.memoryBytes() == null ? null : u.memoryBytes().doubleValue(),
                u -> UsageFormat.memory(u.memoryBytes()) + UsageFormat.percent(u.memoryPercent()));
        cpu.setId("column-cpu");
        memory.setId("column-memory");
        table.getColumns().addAll(List.of(cpu, memory));
        model.frameProperty().addListener((o, a, f) -> {
            if (!table.isVisible()) {
                return;
            }
            if (table.getSortOrder().contains(cpu) || table.getSortOrder().contains(memory)) {
                // the same columns again: a new comparator, so the sorted list sorts by the new figures
                List<TableColumn<Item, ?>> order = List.copyOf(table.getSortOrder());
                table.getSortOrder().setAll(order);
            }
            table.refresh();
        });
        return List.of(cpu, memory);
    }

    private static TableColumn<Item, Item> column(String title, UsageModel model, Function<Usage, Double> value,
                                                  Function<Usage, String> text) {
        TableColumn<Item, Item> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            {
                getStyleClass().add("usage-cell");
            }

            @Override
            protected void updateItem(Item item, boolean empty) {
                super.updateItem(item, empty);
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
        });
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

    private static Double figure(UsageModel model, Item i, Function<Usage, Double> value) {
        Usage u = model.frame().usage(i.id());
        return u == null ? null : value.apply(u);
    }

}
