package dev.wharf.views.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The window's multi-selection: a primary item (the model's {@code selectedId}, what the details
 * pane, the console key and every single-item view use) and the set of all selected ids, the
 * primary among them. Table (Ctrl/Shift click), topology (Ctrl click, rubber band) and the
 * Isolation view write it; whoever sets {@code selectedId} directly selects that item alone.
 * Plain javafx-base: no toolkit needed.
 */
public final class Selection {
    private final ObjectProperty<String> primary;
    private final Predicate<String> known;
    private final ObservableList<String> ids = FXCollections.observableArrayList();
    private final ObservableList<String> readOnlyIds = FXCollections.unmodifiableObservableList(ids);
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version");
    private boolean changing;

    Selection(ObjectProperty<String> primary, Predicate<String> known) {
        this.primary = primary;
        this.known = known;
        // someone set the primary directly: that item alone
        primary.addListener((o, a, id) -> {
            if (!changing) {
                set(id == null ? List.of() : List.of(id), id);
            }
        });
    }

    /** Every selected id, in the order picked (the primary among them); read-only. */
    public ObservableList<String> ids() {
        return readOnlyIds;
    }

    public int size() {
        return ids.size();
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    /** More than one item is selected. */
    public boolean isMultiple() {
        return ids.size() > 1;
    }

    /** Selects {@code id} alone; null clears the selection. */
    public void select(String id) {
        set(id == null ? List.of() : List.of(id), id);
    }

    /** Ctrl click: adds {@code id} (it becomes the primary) or removes it (the last one left becomes the primary). */
    public void toggle(String id) {
        if (id == null) {
            return;
        }
        List<String> next = new ArrayList<>(ids);
        if (next.remove(id)) {
            set(next, next.isEmpty() ? null : id.equals(primary.get()) ? next.get(next.size() - 1) : primary.get());
        } else {
            next.add(id);
            set(next, id);
        }
    }

    /** Adds ids (Shift click, a rubber band with Ctrl); the primary stays unless there was none. */
    public void add(Collection<String> more) {
        LinkedHashSet<String> next = new LinkedHashSet<>(ids);
        next.addAll(more);
        String p = primary.get() != null ? primary.get() : next.isEmpty() ? null : next.iterator().next();
        set(new ArrayList<>(next), p);
    }

    /** Selects exactly {@code all}, {@code first} as the primary (or the first of them when it is not among them). */
    public void selectAll(Collection<String> all, String first) {
        List<String> next = new ArrayList<>(new LinkedHashSet<>(all));
        set(next, first != null && next.contains(first) ? first : next.isEmpty() ? null : next.get(0));
    }

    /** Drops ids that no longer name an item. */
    void retain(Predicate<String> keep) {
        if (ids.stream().allMatch(keep)) {
            return;
        }
        List<String> next = ids.stream().filter(keep).toList();
        String p = primary.get();
        set(next, p != null && next.contains(p) ? p : next.isEmpty() ? null : next.get(next.size() - 1));
    }

    private void set(List<String> next, String newPrimary) {
        changing = true;
        try {
            List<String> clean = next.stream().filter(id -> id != null && (known.test(id) || id.equals(newPrimary))).toList();
            if (!clean.equals(ids)) {
                ids.setAll(clean);
            }
            primary.set(newPrimary);
        } finally {
            changing = false;
        }
        version.set(version.get() + 1);
    }

    /** Moves once per change, after both the ids and the primary are set: listen here for "the selection changed". */
    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** The selected ids as a set (for painting). */
    public Set<String> asSet() {
        return Set.copyOf(ids);
    }
}
