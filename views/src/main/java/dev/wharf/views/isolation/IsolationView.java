package dev.wharf.views.isolation;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.NodePlacement;
import dev.wharf.isolation.Boundary;
import dev.wharf.isolation.Finding;
import dev.wharf.isolation.IsolationReport;
import dev.wharf.isolation.Kernel;
import dev.wharf.isolation.NodeReport;
import dev.wharf.isolation.Severity;
import dev.wharf.views.model.InventoryViewModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Isolation view: per host and node, the kernels as nested boxes (the node kernel holding its
 * container workloads grouped and coloured by tenant; each sandbox, microVM and VM a box of its
 * own), the node's placement with its evidence and a badge with its worst severity; beside it the
 * findings, filtered by severity, rule, tenant and node. Clicking a finding selects all of its
 * items (the first is the primary) and marks them in the boxes.
 */
public final class IsolationView extends SplitPane {
    /** Chips drawn per tenant group before "+N more": keeps a large node readable and cheap. */
    static final int CHIPS_PER_GROUP = 40;

    private final InventoryViewModel vm;
    private final IsolationModel model;
    /**
     * The node cards, one row per node (and a header per host): a virtualised list, so only the cards
     * on screen exist as nodes — at 10,000 pods on 200 nodes a VBox of every card cost the FX thread
     * a 9 s pulse (IsolationViewBenchmark).
     */
    private final ListView<Object> boxes = new ListView<>();
    private final ObservableList<Finding> all = FXCollections.observableArrayList();
    private final FilteredList<Finding> shown = new FilteredList<>(all);
    private final ListView<Finding> findings = new ListView<>(shown);
    private final ComboBox<String> severity = combo("severity");
    private final ComboBox<String> rule = combo("rule");
    private final ComboBox<String> tenant = combo("tenant");
    private final ComboBox<String> node = combo("node");
    private final Label summary = new Label();
    private Set<String> marked = Set.of();
    private boolean dirty = true;

    public IsolationView(InventoryViewModel vm, IsolationModel model) {
        this.vm = vm;
        this.model = model;
        getStyleClass().add("isolation-view");
        boxes.setId("isolation-boxes");
        boxes.getStyleClass().add("isolation-cards");
        boxes.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Object o, boolean empty) {
                super.updateItem(o, empty);
                setText(null);
                setGraphic(empty || o == null ? null : o instanceof NodeReport n ? nodeBox(n) : hostHeader((String) o));
            }
        });
        boxes.widthProperty().addListener((o, was, w) -> boxes.refresh()); // the kernels wrap to the new width
        Node scroll = boxes;

        severity.getItems().setAll(any(severity));
        for (Severity s : Severity.values()) {
            severity.getItems().add(s.wire() + (s == Severity.INFO ? "" : " or worse"));
        }
        severity.setValue(any(severity));
        for (ComboBox<String> c : List.of(severity, rule, tenant, node)) {
            c.valueProperty().addListener((o, a, b) -> refilter());
        }
        FlowPane filterFlow = new FlowPane(6, 6, severity, rule, tenant, node);
        findings.setId("isolation-findings");
        findings.setCellFactory(l -> {
            FindingCell c = new FindingCell();
            c.setPrefWidth(0); // no horizontal scroll bar: the text wraps instead
            return c;
        });
        findings.getSelectionModel().selectedItemProperty().addListener((o, a, f) -> choose(f));
        summary.getStyleClass().add("muted");
        Label title = new Label("Findings");
        title.getStyleClass().add("section-title");
        VBox side = new VBox(8, title, filterFlow, summary, findings);
        side.setPadding(new Insets(10));
        VBox.setVgrow(findings, Priority.ALWAYS);
        side.setMinWidth(260);
        getItems().setAll(scroll, side);
        setOrientation(Orientation.HORIZONTAL);
        setDividerPositions(0.58);

        model.reportProperty().addListener((o, a, r) -> {
            dirty = true;
            if (isVisible()) {
                rebuild();
            }
        });
        visibleProperty().addListener((o, a, v) -> {
            if (v && dirty) {
                rebuild();
            }
        });
        vm.selectedIdProperty().addListener((o, a, id) -> {
            if (id != null && !marked.contains(id)) {
                mark(Set.of(id));
            }
        });
        rebuild();
    }

    private static ComboBox<String> combo(String what) {
        ComboBox<String> c = new ComboBox<>();
        c.setId("isolation-filter-" + what);
        c.setPromptText(what);
        c.setUserData("any " + what);
        c.setTooltip(new Tooltip("Only findings of this " + what));
        return c;
    }

    /** The findings the filters let through, in the list's order. */
    public List<Finding> shownFindings() {
        return List.copyOf(shown);
    }

    public ListView<Finding> findingsList() {
        return findings;
    }

    /** Filters the findings by severity (at least), rule, tenant and node (null: any). */
    public void setFilters(Severity atLeast, String ruleId, String tenantName, String nodeName) {
        severity.setValue(atLeast == null ? any(severity) : severity.getItems().get(atLeast.ordinal() + 1));
        rule.setValue(ruleId == null ? any(rule) : ruleId);
        tenant.setValue(tenantName == null ? any(tenant) : tenantName);
        node.setValue(nodeName == null ? any(node) : nodeName);
    }

    private void rebuild() {
        dirty = false;
        IsolationReport r = model.report();
        Set<String> rules = new TreeSet<>();
        Set<String> tenants = new TreeSet<>();
        Set<String> nodes = new TreeSet<>();
        for (Finding f : r.findings()) {
            rules.add(f.rule());
            tenants.addAll(f.tenants());
        }
        for (NodeReport n : r.nodes()) {
            nodes.add(nodeName(n));
        }
        options(rule, rules);
        options(tenant, tenants);
        options(node, nodes);
        all.setAll(r.findings());
        refilter();
        drawBoxes(r);
    }

    private static void options(ComboBox<String> c, Set<String> values) {
        String keep = c.getValue();
        List<String> l = new ArrayList<>();
        l.add(any(c));
        l.addAll(values);
        if (!l.equals(c.getItems())) {
            c.getItems().setAll(l);
        }
        c.setValue(keep != null && l.contains(keep) ? keep : any(c));
    }

    private void refilter() {
        Severity atLeast = value(severity) == null ? null
                : Severity.values()[severity.getItems().indexOf(severity.getValue()) - 1];
        String ru = value(rule);
        String te = value(tenant);
        String no = value(node);
        Predicate<Finding> p = f -> (atLeast == null || f.severity().atLeast(atLeast))
                && (ru == null || ru.equals(f.rule()))
                && (te == null || f.tenants().contains(te))
                && (no == null || no.equals(f.node() == null ? "unscheduled" : name(f.node())));
        shown.setPredicate(p);
        summary.setText(shown.size() + " of " + all.size() + " findings");
    }

    private static String value(ComboBox<String> c) {
        return c.getValue() == null || any(c).equals(c.getValue()) ? null : c.getValue();
    }

    /** The filter's first choice, "any rule", "any tenant"… */
    private static String any(ComboBox<String> c) {
        return (String) c.getUserData();
    }

    /** Selects the finding's first item in every view (its node when it names no item) and marks all of them. */
    private void choose(Finding f) {
        if (f == null) {
            return;
        }
        Set<String> ids = new java.util.HashSet<>(f.items());
        if (f.node() != null) {
            ids.add(f.node());
        }
        mark(ids);
        // all of the finding's items are selected (the first is the primary, shown in the details)
        List<String> select = f.items().isEmpty() ? (f.node() == null ? List.of() : List.of(f.node())) : f.items();
        if (!select.isEmpty()) {
            vm.selection().selectAll(select, select.get(0));
        }
    }

    private void mark(Set<String> ids) {
        marked = Set.copyOf(ids);
        boxes.lookupAll(".iso-chip").forEach(n ->
                n.pseudoClassStateChanged(MARKED, marked.contains(n.getUserData())));
    }

    private static final javafx.css.PseudoClass MARKED = javafx.css.PseudoClass.getPseudoClass("marked");

    private void drawBoxes(IsolationReport r) {
        // per host (the node's placement says which), then the nodes without a known host
        Map<String, List<NodeReport>> byHost = new LinkedHashMap<>();
        for (NodeReport n : r.nodes()) {
            NodePlacement p = n.placement();
            String host = p != null && p.host() != null ? p.host() : "";
            byHost.computeIfAbsent(host, k -> new ArrayList<>()).add(n);
        }
        List<Object> out = new ArrayList<>();
        byHost.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) ->
                a.isEmpty() == b.isEmpty() ? name(a).compareTo(name(b)) : a.isEmpty() ? 1 : -1)).forEach(e -> {
            out.add(e.getKey().isEmpty() ? "Bare metal, unknown placement or not scheduled" : "Host " + name(e.getKey()));
            out.addAll(e.getValue());
        });
        if (out.isEmpty()) {
            out.add("No nodes or workloads to analyse yet.");
        }
        boxes.getItems().setAll(out);
        mark(marked);
    }

    private static Node hostHeader(String title) {
        Label h = new Label(title);
        h.getStyleClass().addAll("section-title", "iso-host");
        return h;
    }

    private Node nodeBox(NodeReport n) {
        Label name = new Label(nodeName(n));
        name.getStyleClass().add("iso-node-name");
        NodePlacement p = n.placement();
        Label placement = new Label(placementText(p));
        placement.getStyleClass().add("iso-placement");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(8, name, placement, spacer, badge(n.worst(), n.findings().size()));
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, head);
        if (p != null && p.evidence() != null && !p.evidence().isEmpty()) {
            Label ev = new Label(p.evidence());
            ev.getStyleClass().add("muted");
            ev.setWrapText(true);
            box.getChildren().add(ev);
        }
        FlowPane kernels = new FlowPane(8, 8);
        kernels.setPrefWrapLength(Math.max(200, boxes.getWidth() - 60));
        for (Kernel k : n.kernels()) {
            kernels.getChildren().add(kernelBox(n, k));
        }
        box.getChildren().add(kernels);
        box.getStyleClass().add("iso-node");
        box.setPadding(new Insets(8));
        if (n.nodeId() != null) {
            name.setOnMouseClicked(e -> vm.select(n.nodeId()));
        }
        return box;
    }

    private Node kernelBox(NodeReport n, Kernel k) {
        VBox box = new VBox(4);
        box.getStyleClass().addAll("iso-kernel", "iso-kernel-" + k.boundary().wire());
        box.setPadding(new Insets(6));
        if (k.boundary() == Boundary.CONTAINER) {
            Label t = new Label("node kernel · " + k.tenants().size() + (k.tenants().size() == 1 ? " tenant" : " tenants"));
            t.getStyleClass().add("iso-kernel-title");
            box.getChildren().add(t);
            Map<String, List<String>> byTenant = new java.util.TreeMap<>();
            for (String id : k.items()) {
                byTenant.computeIfAbsent(n.tenants().getOrDefault(id, "infrastructure"), x -> new ArrayList<>()).add(id);
            }
            byTenant.forEach((tenantName, ids) -> {
                Label tl = new Label(tenantName);
                tl.getStyleClass().add("iso-tenant-name");
                FlowPane chips = new FlowPane(4, 4);
                ids.stream().limit(CHIPS_PER_GROUP).forEach(id -> chips.getChildren().add(chip(id)));
                if (ids.size() > CHIPS_PER_GROUP) {
                    chips.getChildren().add(new Label("+" + (ids.size() - CHIPS_PER_GROUP) + " more"));
                }
                VBox group = new VBox(2, tl, chips);
                group.getStyleClass().addAll("iso-tenant", tenantStyle(tenantName));
                group.setPadding(new Insets(4));
                box.getChildren().add(group);
            });
        } else {
            Label t = new Label(k.boundary().wire() + (k.tenants().isEmpty() ? "" : " · " + String.join(", ", k.tenants())));
            t.getStyleClass().add("iso-kernel-title");
            FlowPane chips = new FlowPane(4, 4);
            k.items().forEach(id -> chips.getChildren().add(chip(id)));
            box.getChildren().addAll(t, chips);
        }
        box.setMaxWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private Node chip(String id) {
        Label l = new Label(name(id));
        l.getStyleClass().add("iso-chip");
        l.setUserData(id);
        l.pseudoClassStateChanged(MARKED, marked.contains(id)); // cards are built as they scroll into view
        l.setOnMouseClicked(e -> vm.select(id));
        return l;
    }

    static Label badge(Severity worst, int count) {
        Label b = new Label(worst == null ? "clean" : worst.wire() + " · " + count);
        b.getStyleClass().addAll("iso-badge", "iso-" + (worst == null ? "clean" : worst.wire()));
        return b;
    }

    private static String placementText(NodePlacement p) {
        return p == null ? "placement unknown" : p.placement().label();
    }

    /** One of eight soft tenant colours in wharf.css, the same for a tenant every time. */
    static String tenantStyle(String tenantName) {
        return "iso-tenant-" + Math.floorMod(tenantName.hashCode(), TENANT_COLOURS);
    }

    private static final int TENANT_COLOURS = 8;

    private String nodeName(NodeReport n) {
        return n.nodeId() == null ? "unscheduled" : n.name() != null ? n.name() : name(n.nodeId());
    }

    private String name(String id) {
        return vm.item(id).map(Item::name).orElse(id.substring(id.lastIndexOf('/') + 1));
    }

    private final class FindingCell extends ListCell<Finding> {
        @Override
        protected void updateItem(Finding f, boolean empty) {
            super.updateItem(f, empty);
            if (empty || f == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            Label sev = new Label(f.severity().wire());
            sev.getStyleClass().addAll("iso-badge", "iso-" + f.severity().wire());
            sev.setMinWidth(Region.USE_PREF_SIZE);
            Label msg = new Label(f.message());
            msg.setWrapText(true);
            Label meta = new Label(f.rule() + (f.node() == null ? "" : " · " + name(f.node()))
                    + (f.tenants().isEmpty() ? "" : " · " + String.join(", ", f.tenants())));
            meta.getStyleClass().add("muted");
            VBox text = new VBox(2, msg, meta);
            text.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(text, Priority.ALWAYS);
            for (Label l : List.of(msg, meta)) { // wrapped to the list's width, never cut
                l.setWrapText(true);
                l.prefWidthProperty().bind(findings.widthProperty().subtract(sev.widthProperty()).subtract(44));
                l.setMinHeight(Region.USE_PREF_SIZE);
            }
            HBox row = new HBox(8, sev, text);
            row.setAlignment(Pos.TOP_LEFT);
            setText(null);
            setGraphic(row);
            setTooltip(new Tooltip(f.why()));
        }
    }
}
