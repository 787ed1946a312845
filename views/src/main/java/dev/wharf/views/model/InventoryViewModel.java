package dev.wharf.views.model;

import dev.wharf.inventory.InventoryDelta;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.SourceInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.collections.transformation.FilteredList;

/**
 * The window's model of the inventory, fed by coalesced deltas on the UI thread: all items, the
 * filtered view shared by topology and table, counts, the ONE selection both views use, and the
 * items an action is running on. Plain Java over javafx-base collections: no toolkit needed.
 */
public final class InventoryViewModel {
    private final Map<String, Item> byId = new HashMap<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final ItemList items = new ItemList();
    private final FilteredList<Item> visible = new FilteredList<>(items, Item::listedByDefault);
    private final ObservableList<SourceInfo> sources = FXCollections.observableArrayList();
    private final ObservableList<String> namespaces = FXCollections.observableArrayList();
    private final ObjectProperty<ItemFilter> filter = new SimpleObjectProperty<>(this, "filter", ItemFilter.ALL);
    private final ReadOnlyObjectWrapper<Counts> counts = new ReadOnlyObjectWrapper<>(this, "counts", Counts.NONE);
    private final ObjectProperty<String> selectedId = new SimpleObjectProperty<>(this, "selectedId");
    private final ReadOnlyObjectWrapper<Item> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final Selection selection = new Selection(selectedId, id -> byId.containsKey(id));
    private final ObservableSet<String> busy = FXCollections.observableSet();
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final ReadOnlyObjectWrapper<Boolean> loaded = new ReadOnlyObjectWrapper<>(this, "loaded", false);

    private final List<java.util.function.Consumer<InventoryDelta>> deltaListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean lastStructural = true;
    private boolean updating;
    private java.util.function.Predicate<String> readOnlySources = id -> false;
    // counts of the visible items, kept incrementally (a full pass only when the filter changes)
    private final java.util.EnumMap<ShownKind, Integer> kindCounts = new java.util.EnumMap<>(ShownKind.class);
    private final java.util.EnumMap<dev.wharf.inventory.State, Integer> stateCounts = new java.util.EnumMap<>(dev.wharf.inventory.State.class);
    private int visibleCount;
    private int listedCount;

    public InventoryViewModel() {
        filter.addListener((o, a, f) -> {
            lastStructural = true;
            ItemFilter ff = f == null ? ItemFilter.ALL : f;
            updating = true;
            try {
                visible.setPredicate(i -> i.listedByDefault() && ff.test(i));
            } finally {
                updating = false;
            }
            recount();
            changed();
        });
        selectedId.addListener((o, a, id) -> selected.set(id == null ? null : byId.get(id)));
    }

    /** Applies one (coalesced) delta. Call on the UI thread. */
    public void apply(InventoryDelta d) {
        updating = true;
        try {
            applyItems(d);
        } finally {
            updating = false;
        }
        if (d.initial() || !d.removed().isEmpty()) {
            selection.retain(byId::containsKey);
        }
        String sel = selectedId.get();
        if (sel != null) {
            Item now = byId.get(sel);
            if (now == null) {
                selectedId.set(null);
            } else if (now != selected.get()) {
                selected.set(now);
            }
        }
        if (d.initial() || !d.removed().isEmpty() || hasNewNamespace(d)) {
            refreshNamespaces();
        }
        changed();
        deltaListeners.forEach(l -> l.accept(d));
    }

    /**
     * True while a delta or a filter change rewrites the item lists: a list view whose selection
     * shrinks now lost rows to the update, not to the user (it re-selects on the next revision).
     */
    public boolean updating() {
        return updating;
    }

    private void applyItems(InventoryDelta d) {
        lastStructural = structural(d);
        List<Item> upserted = restrict(d.upserted());
        if (d.initial()) {
            byId.clear();
            index.clear();
            List<Item> all = new ArrayList<>(upserted);
            for (int i = 0; i < all.size(); i++) {
                byId.put(all.get(i).id(), all.get(i));
                index.put(all.get(i).id(), i);
            }
            items.setAll(all);
            recount();
            sources.setAll(d.sources());
            loaded.set(true);
        } else {
            items.batch(() -> {
                for (String id : d.removed()) {
                    count(byId.get(id), -1);
                    removeItem(id);
                }
                for (Item i : upserted) {
                    Integer at = index.get(i.id());
                    count(byId.get(i.id()), -1);
                    count(i, 1);
                    byId.put(i.id(), i);
                    if (at == null) {
                        index.put(i.id(), items.size());
                        items.add(i);
                    } else {
                        items.set(at, i);
                    }
                }
            });
            for (SourceInfo s : d.sources()) {
                putSource(s);
            }
            sources.removeIf(s -> d.removedSources().contains(s.id()));
        }
    }

    /**
     * Items of a read-only connection as the window shows them: no action, and no console that
     * could change anything (exec, attach); the backend refuses those anyway.
     */
    private List<Item> restrict(List<Item> items) {
        if (items.stream().noneMatch(i -> readOnlySources.test(i.source()))) {
            return items;
        }
        List<Item> out = new ArrayList<>(items.size());
        for (Item i : items) {
            if (readOnlySources.test(i.source())) {
                List<dev.wharf.inventory.ConsoleType> consoles = i.consoles().stream()
                        .filter(c -> !dev.wharf.inventory.ReadOnly.refusesConsole(c)).toList();
                i = i.toBuilder().actions(List.of()).consoles(consoles).property(ActionCatalog.NOT_PERMITTED, null).build();
            }
            out.add(i);
        }
        return out;
    }

    /** Which sources are read-only connections (their items are shown without actions or shells). Set before the first delta. */
    public void setReadOnlySources(java.util.function.Predicate<String> readOnly) {
        readOnlySources = readOnly;
    }

    /** Whether items of this source come from a read-only connection. */
    public boolean readOnly(String sourceId) {
        return sourceId != null && readOnlySources.test(sourceId);
    }

    /**
     * Hears every delta after it is applied (on the UI thread: hand the work to an executor). A
     * listener added after the first delta first hears one initial delta of the items so far.
     */
    public void addDeltaListener(java.util.function.Consumer<InventoryDelta> listener) {
        if (loaded.get()) {
            listener.accept(new InventoryDelta(true, List.copyOf(items), List.of(), List.copyOf(sources), List.of()));
        }
        deltaListeners.add(listener);
    }

    private boolean hasNewNamespace(InventoryDelta d) {
        for (Item i : d.upserted()) {
            if (i.namespace() != null && !namespaces.contains(i.namespace())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a delta can move things in the topology: items added or removed, or a change of
     * where an item runs, what owns it, its kind, name or namespace, or of a field the filter
     * looks at. A mere state change under a filter that ignores state is not.
     */
    private boolean structural(InventoryDelta d) {
        if (d.initial() || !d.removed().isEmpty()) {
            return true;
        }
        ItemFilter f = filter.get();
        boolean filterSeesState = !f.states().isEmpty() || !f.text().isEmpty() || !f.isolations().isEmpty();
        for (Item now : d.upserted()) {
            Item old = byId.get(now.id());
            if (old == null || filterSeesState || !java.util.Objects.equals(old.on(), now.on())
                    || !java.util.Objects.equals(old.owner(), now.owner())
                    || !java.util.Objects.equals(old.carries(), now.carries()) || old.kind() != now.kind()
                    || !old.name().equals(now.name()) || !java.util.Objects.equals(old.namespace(), now.namespace())
                    || old.isolation() != now.isolation()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the last change (delta or filter) may have moved things; false for state-only updates. */
    public boolean lastChangeWasStructural() {
        return lastStructural;
    }

    private void putSource(SourceInfo s) {
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).id().equals(s.id())) {
                sources.set(i, s);
                return;
            }
        }
        sources.add(s);
    }

    private void removeItem(String id) {
        Integer at = index.remove(id);
        if (at == null) {
            return;
        }
        byId.remove(id);
        int last = items.size() - 1;
        if (at != last) {
            Item moved = items.get(last);
            items.set(at, moved);
            index.put(moved.id(), at);
        }
        items.remove(last);
        busy.remove(id);
    }

    private void refreshNamespaces() {
        TreeSet<String> ns = new TreeSet<>();
        for (Item i : items) {
            if (i.namespace() != null) {
                ns.add(i.namespace());
            }
        }
        if (!ns.equals(new TreeSet<>(namespaces))) {
            namespaces.setAll(ns);
        }
    }

    private boolean isVisible(Item i) {
        return i.listedByDefault() && filter.get().test(i);
    }

    private void count(Item i, int delta) {
        if (i == null) {
            return;
        }
        if (i.listedByDefault()) {
            listedCount += delta;
        }
        if (isVisible(i)) {
            visibleCount += delta;
            kindCounts.merge(ShownKind.of(i), delta, Integer::sum);
            stateCounts.merge(i.state(), delta, Integer::sum);
        }
    }

    private void recount() {
        kindCounts.clear();
        stateCounts.clear();
        visibleCount = 0;
        listedCount = 0;
        for (Item i : items) {
            count(i, 1);
        }
    }

    /** Number of items listed by default (all of them, whatever the filter). */
    public int listedCount() {
        return listedCount;
    }

    private void changed() {
        java.util.Map<ShownKind, Integer> k = new java.util.EnumMap<>(ShownKind.class);
        kindCounts.forEach((key, v) -> {
            if (v > 0) {
                k.put(key, v);
            }
        });
        java.util.Map<dev.wharf.inventory.State, Integer> st = new java.util.EnumMap<>(dev.wharf.inventory.State.class);
        stateCounts.forEach((key, v) -> {
            if (v > 0) {
                st.put(key, v);
            }
        });
        counts.set(new Counts(visibleCount, k, st));
        revision.set(revision.get() + 1);
    }

    // ------------------------------------------------------------------ reads

    /** Every item, including those hidden by the filter. */
    public ObservableList<Item> items() {
        return items;
    }

    /** The items the filter lets through (and that are listed by default): topology and table show these. */
    public ObservableList<Item> visibleItems() {
        return visible;
    }

    public Optional<Item> item(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** Items whose {@code on} is {@code id} (what runs on a node or host). */
    public List<Item> runningOn(String id) {
        List<Item> out = new ArrayList<>();
        for (Item i : items) {
            if (id.equals(i.on())) {
                out.add(i);
            }
        }
        return out;
    }

    /** The VM that is the node {@code nodeId}, when Wharf sees it (a libvirt domain or KubeVirt VM). */
    public Optional<Item> carrierOf(String nodeId) {
        for (Item i : items) {
            if (nodeId.equals(i.carries())) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * Where a console for {@code item} comes from: the item itself when it offers one, else the VM
     * that is this node (a node's console is its VM's serial console); empty when neither offers one.
     */
    public Optional<Item> consoleSource(Item item) {
        if (!item.consoles().isEmpty()) {
            return Optional.of(item);
        }
        return carrierOf(item.id()).filter(c -> !c.consoles().isEmpty());
    }

    /** Items owned by {@code id} (a VM's virt-launcher pod). */
    public List<Item> ownedBy(String id) {
        List<Item> out = new ArrayList<>();
        for (Item i : items) {
            if (id.equals(i.owner())) {
                out.add(i);
            }
        }
        return out;
    }

    public ObservableList<SourceInfo> sources() {
        return sources;
    }

    public Optional<SourceInfo> source(String id) {
        return sources.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public ObservableList<String> namespaces() {
        return namespaces;
    }

    public ObjectProperty<ItemFilter> filterProperty() {
        return filter;
    }

    public ItemFilter filter() {
        return filter.get();
    }

    public void setFilter(ItemFilter f) {
        filter.set(f);
    }

    /** Counts of the visible items. */
    public ReadOnlyObjectProperty<Counts> countsProperty() {
        return counts.getReadOnlyProperty();
    }

    /**
     * The selection's primary item shared by every view: an item id, or null. Setting it selects
     * that item alone; with a multi-selection it is the item clicked last (see {@link #selection()}).
     */
    public ObjectProperty<String> selectedIdProperty() {
        return selectedId;
    }

    /** Selects this item alone (null: nothing). */
    public void select(String id) {
        selection.select(id);
    }

    /** The multi-selection: the primary item ({@link #selectedIdProperty()}) and the others, in the order picked. */
    public Selection selection() {
        return selection;
    }

    /** The selected items (newest versions), the primary first; empty when nothing is selected. */
    public List<Item> selectedItems() {
        List<Item> out = new ArrayList<>();
        String primary = selectedId.get();
        if (primary != null && byId.containsKey(primary)) {
            out.add(byId.get(primary));
        }
        for (String id : selection.ids()) {
            if (!id.equals(primary) && byId.containsKey(id)) {
                out.add(byId.get(id));
            }
        }
        return out;
    }

    /** The selected item, always its newest version. */
    public ReadOnlyObjectProperty<Item> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public Item selected() {
        return selected.get();
    }

    /** Ids of items an action is running on right now. */
    public ObservableSet<String> busy() {
        return busy;
    }

    /** Grows on every change to what is visible: views redraw when it moves. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** True once the first (initial) delta arrived. */
    public ReadOnlyObjectProperty<Boolean> loadedProperty() {
        return loaded.getReadOnlyProperty();
    }
}
