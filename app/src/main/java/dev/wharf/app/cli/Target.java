package dev.wharf.app.cli;

import dev.wharf.inventory.InventorySnapshot;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.WharfException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@code wharf act} and {@code wharf console} act on, as the user typed it:
 * <ul>
 *   <li>{@code KIND/NAMESPACE/NAME} for Kubernetes objects ({@code vm/prod/db}, {@code pod/default/web-1});</li>
 *   <li>{@code KIND/SOURCE/NAME} for libvirt domains, SOURCE being the connection URI or the
 *       host's name ({@code vm/qemu+tcp://127.0.0.1:16509/system/guest1}, {@code vm/h1/guest1});
 *       the URI may hold slashes: the item whose source key plus name equals the whole path wins;</li>
 *   <li>{@code KIND/NAME} for things without namespace (nodes, hosts, a domain when only one host has it);</li>
 *   <li>a UUID (a VM's or domain's, any case).</li>
 * </ul>
 * {@code pod/…} also finds a microVM pod and {@code vm/…} a microVM domain: a user may not know
 * which isolation a workload has.
 *
 * @param kind the kind asked for; null for a UUID
 * @param path everything after {@code KIND/}; null for a UUID
 * @param uuid lower-case UUID; null for a path
 * @param text the target as typed
 */
public record Target(Kind kind, String path, String uuid, String text) {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Parses a target; throws {@link IllegalArgumentException} saying the accepted forms. */
    public static Target parse(String text) {
        String t = text == null ? "" : text.trim();
        if (UUID.matcher(t).matches()) {
            return new Target(null, null, t.toLowerCase(Locale.ROOT), t);
        }
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1 || t.endsWith("/")) {
            throw new IllegalArgumentException("invalid target '" + text + "': use KIND/NAMESPACE/NAME (vm/prod/db),"
                    + " KIND/HOST/NAME (vm/qemu:///system/guest1), KIND/NAME (node/worker-1) or a UUID");
        }
        String kindText = t.substring(0, slash);
        Kind kind;
        try {
            kind = Kind.fromWire(kindText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid target '" + text + "': unknown kind '" + kindText
                    + "' (kinds: host, node, pod, vm, microvm)");
        }
        return new Target(kind, t.substring(slash + 1), null, t);
    }

    /**
     * The one item this target names in {@code snapshot}.
     *
     * @throws WharfException when none or several match; the message names where it looked
     */
    public Item resolve(InventorySnapshot snapshot) {
        List<Item> found = matches(snapshot);
        if (found.size() == 1) {
            return found.get(0);
        }
        String where = snapshot.sources().stream().map(SourceLabels::of).collect(Collectors.joining(", "));
        if (found.isEmpty()) {
            String what = uuid != null ? "nothing with UUID " + uuid : "no " + kind.wire() + " named " + path;
            throw new WharfException(what + (where.isEmpty() ? "" : " in " + where) + " (try `wharf ls`)");
        }
        Map<String, SourceInfo> byId = new HashMap<>();
        snapshot.sources().forEach(s -> byId.put(s.id(), s));
        String in = found.stream()
                .map(i -> byId.containsKey(i.source()) ? SourceLabels.of(byId.get(i.source())) : i.source())
                .distinct().collect(Collectors.joining(", "));
        throw new WharfException(text + " names " + found.size() + " items (in " + in
                + "): name the namespace or host, or choose the context with --context");
    }

    /** Every item the target could mean. */
    List<Item> matches(InventorySnapshot snapshot) {
        if (uuid != null) {
            List<Item> all = snapshot.items().stream().filter(i -> uuid.equals(i.uuid())).toList();
            // a VM that is a Kubernetes node shares its UUID with the node: the VM is meant
            List<Item> vms = all.stream().filter(i -> i.kind() == Kind.VM || i.kind() == Kind.MICROVM).toList();
            return vms.isEmpty() ? all : vms;
        }
        Map<String, Set<String>> keysBySource = sourceKeys(snapshot);
        List<Item> exact = new ArrayList<>();
        List<Item> bare = new ArrayList<>();
        for (Item i : snapshot.items()) {
            if (!kindMatches(i.kind())) {
                continue;
            }
            if (i.namespace() != null) {
                if (path.equals(i.namespace() + "/" + i.name())) {
                    exact.add(i);
                }
                continue;
            }
            for (String key : keysBySource.getOrDefault(i.source(), Set.of())) {
                if (path.equals(key + "/" + i.name())) {
                    exact.add(i);
                    break;
                }
            }
            if (path.equals(i.name())) {
                bare.add(i);
            }
        }
        return exact.isEmpty() ? bare : exact;
    }

    private boolean kindMatches(Kind k) {
        return k == kind || (k == Kind.MICROVM && (kind == Kind.POD || kind == Kind.VM));
    }

    /**
     * The names a namespace-less item's source goes by: for libvirt, its URI (the source id
     * after {@code libvirt:}), its name and the names of its host items; for Kubernetes, the
     * context name.
     */
    private static Map<String, Set<String>> sourceKeys(InventorySnapshot snapshot) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (SourceInfo s : snapshot.sources()) {
            Set<String> k = keys.computeIfAbsent(s.id(), x -> new LinkedHashSet<>());
            k.add(s.name());
            if (s.type() == SourceType.LIBVIRT && s.id().startsWith("libvirt:")) {
                k.add(s.id().substring("libvirt:".length()));
            }
        }
        for (Item i : snapshot.items()) {
            if (i.kind() == Kind.HOST) {
                keys.computeIfAbsent(i.source(), x -> new LinkedHashSet<>()).add(i.name());
            }
        }
        return keys;
    }

    /** How the CLI names an item in its messages: {@code vm/prod/db}, {@code vm/guest1}. */
    public static String label(Item i) {
        return i.kind().wire() + "/" + (i.namespace() == null ? "" : i.namespace() + "/") + i.name();
    }
}
