package dev.wharf.inventory;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One thing in the unified inventory: a host, a node, a pod, a VM or a microVM.
 *
 * <p>Immutable. Connectors build it with {@link #builder}; the store may derive a few fields
 * across sources ({@link #on()} of a node that runs as a libvirt domain, {@link #carries()}).
 *
 * @param id         stable id: same object, same id, across re-lists and reconnects
 * @param source     id of the {@link SourceInfo} it comes from
 * @param kind       host, node, pod, vm, microvm
 * @param name       its name in its source
 * @param namespace  Kubernetes namespace; null where it does not apply
 * @param state      normalized state
 * @param status     the raw status, as the source says it ("CrashLoopBackOff", "shut off (destroyed)")
 * @param isolation  container, sandbox, microvm, vm; null for hosts and nodes
 * @param runtime    RuntimeClass handler ("kata-qemu", "runsc", "runc") or hypervisor ("kvm", "qemu")
 * @param on         id of the node or host item it runs on; null if not scheduled or unknown
 * @param owner      id of the item that owns it (a virt-launcher pod belongs to its VM); null if none
 * @param uuid       VM/domain UUID or node system UUID, lower case; null where it does not apply
 * @param carries    for a VM that is a Kubernetes node: the node item's id; else null
 * @param actions    the actions it accepts now (follows state and permissions)
 * @param consoles   the console types it offers now
 * @param stale      true while its source is unreachable: the last known truth, not live
 * @param created    when it was created, if known
 * @param properties further facts for the details pane, in display order ("vCPUs" → "2")
 * @param facets     typed facts for one capability or analysis each (a record per type, at most one
 *                   of each type), e.g. a pod's security settings for the isolation analysis; read
 *                   with {@link #facet(Class)}. Adding a facet type never changes this record.
 */
public record Item(
        String id,
        String source,
        Kind kind,
        String name,
        String namespace,
        State state,
        String status,
        Isolation isolation,
        String runtime,
        String on,
        String owner,
        String uuid,
        String carries,
        Set<Action> actions,
        Set<ConsoleType> consoles,
        boolean stale,
        Instant created,
        Map<String, String> properties,
        Map<Class<?>, Object> facets) {

    public Item {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        state = state == null ? State.UNKNOWN : state;
        status = status == null ? "" : status;
        actions = immutableEnumSet(actions, Action.class);
        consoles = immutableEnumSet(consoles, ConsoleType.class);
        properties = properties == null || properties.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        facets = facets == null || facets.isEmpty() ? Map.of() : Map.copyOf(facets);
    }

    /** The facet of that type, when the source gave one. */
    public <T> Optional<T> facet(Class<T> type) {
        return Optional.ofNullable(type.cast(facets.get(type)));
    }

    /** The conventional id: {@code SOURCE|kind/namespace/name} (namespace left out when null). */
    public static String idOf(String source, Kind kind, String namespace, String name) {
        return namespace == null || namespace.isEmpty()
                ? source + "|" + kind.wire() + "/" + name
                : source + "|" + kind.wire() + "/" + namespace + "/" + name;
    }

    public static Builder builder(String id, String source, Kind kind, String name) {
        return new Builder(id, source, kind, name);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True if the user can act on it now with {@code a}. */
    public boolean accepts(Action a) {
        return actions.contains(a);
    }

    /** A copy marked stale (or live again): the source is unreachable, this is its last known truth. */
    public Item withStale(boolean value) {
        return value == stale ? this : toBuilder().stale(value).build();
    }

    /** Shown in default listings: items owned by another (virt-launcher pods) are hidden. */
    public boolean listedByDefault() {
        return owner == null;
    }

    private static <E extends Enum<E>> Set<E> immutableEnumSet(Collection<E> in, Class<E> type) {
        if (in == null || in.isEmpty()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(in));
    }

    /** Builds items; every field but id, source, kind and name is optional. */
    public static final class Builder {
        private String id;
        private String source;
        private Kind kind;
        private String name;
        private String namespace;
        private State state = State.UNKNOWN;
        private String status = "";
        private Isolation isolation;
        private String runtime;
        private String on;
        private String owner;
        private String uuid;
        private String carries;
        private Set<Action> actions = EnumSet.noneOf(Action.class);
        private Set<ConsoleType> consoles = EnumSet.noneOf(ConsoleType.class);
        private boolean stale;
        private Instant created;
        private Map<String, String> properties = new LinkedHashMap<>();
        private Map<Class<?>, Object> facets = new HashMap<>();

        private Builder(String id, String source, Kind kind, String name) {
            this.id = id;
            this.source = source;
            this.kind = kind;
            this.name = name;
        }

        private Builder(Item i) {
            this(i.id, i.source, i.kind, i.name);
            namespace = i.namespace;
            state = i.state;
            status = i.status;
            isolation = i.isolation;
            runtime = i.runtime;
            on = i.on;
            owner = i.owner;
            uuid = i.uuid;
            carries = i.carries;
            actions = i.actions.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(i.actions);
            consoles = i.consoles.isEmpty() ? EnumSet.noneOf(ConsoleType.class) : EnumSet.copyOf(i.consoles);
            stale = i.stale;
            created = i.created;
            properties = new LinkedHashMap<>(i.properties);
            facets = new HashMap<>(i.facets);
        }

        public Builder id(String v) { id = v; return this; }
        public Builder source(String v) { source = v; return this; }
        public Builder kind(Kind v) { kind = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder namespace(String v) { namespace = v; return this; }
        public Builder state(State v) { state = v; return this; }
        public Builder status(String v) { status = v; return this; }
        public Builder isolation(Isolation v) { isolation = v; return this; }
        public Builder runtime(String v) { runtime = v; return this; }
        public Builder on(String v) { on = v; return this; }
        public Builder owner(String v) { owner = v; return this; }
        public Builder uuid(String v) { uuid = v == null ? null : v.toLowerCase(java.util.Locale.ROOT); return this; }
        public Builder carries(String v) { carries = v; return this; }
        public Builder stale(boolean v) { stale = v; return this; }
        public Builder created(Instant v) { created = v; return this; }

        public Builder actions(Collection<Action> v) {
            actions = v.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(v);
            return this;
        }

        public Builder action(Action a) { actions.add(a); return this; }

        public Builder consoles(Collection<ConsoleType> v) {
            consoles = v.isEmpty() ? EnumSet.noneOf(ConsoleType.class) : EnumSet.copyOf(v);
            return this;
        }

        public Builder console(ConsoleType c) { consoles.add(c); return this; }

        /** Adds a property for the details pane; null or empty values are left out. */
        public Builder property(String key, Object value) {
            if (value != null && !value.toString().isEmpty()) {
                properties.put(key, value.toString());
            } else {
                properties.remove(key);
            }
            return this;
        }

        /** Sets the facet of the value's own class (replacing one of that class); null is ignored. */
        public Builder facet(Object value) {
            if (value != null) {
                facets.put(value.getClass(), value);
            }
            return this;
        }

        /** Removes the facet of that type. */
        public Builder withoutFacet(Class<?> type) {
            facets.remove(type);
            return this;
        }

        public Item build() {
            return new Item(id, source, kind, name, namespace, state, status, isolation, runtime, on, owner,
                    uuid, carries, actions, consoles, stale, created, properties, facets);
        }
    }
}
