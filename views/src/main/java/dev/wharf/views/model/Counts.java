package dev.wharf.views.model;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** How many items there are per kind (as the window names them) and per state: for the status bar and far-zoom summaries. */
public record Counts(int total, Map<ShownKind, Integer> byKind, Map<State, Integer> byState) {
    public static final Counts NONE = new Counts(0, Map.of(), Map.of());

    public Counts {
        byKind = Map.copyOf(byKind);
        byState = Map.copyOf(byState);
    }

    public static Counts of(Collection<Item> items) {
        EnumMap<ShownKind, Integer> k = new EnumMap<>(ShownKind.class);
        EnumMap<State, Integer> s = new EnumMap<>(State.class);
        for (Item i : items) {
            k.merge(ShownKind.of(i), 1, Integer::sum);
            s.merge(i.state(), 1, Integer::sum);
        }
        return new Counts(items.size(), k, s);
    }

    /** The sum of several counts. */
    public static Counts sum(Collection<Counts> parts) {
        EnumMap<ShownKind, Integer> k = new EnumMap<>(ShownKind.class);
        EnumMap<State, Integer> s = new EnumMap<>(State.class);
        int total = 0;
        for (Counts c : parts) {
            total += c.total;
            c.byKind.forEach((key, v) -> k.merge(key, v, Integer::sum));
            c.byState.forEach((key, v) -> s.merge(key, v, Integer::sum));
        }
        return new Counts(total, k, s);
    }

    /** How many of an inventory kind (a microVM count leaves sandboxes out: see {@link ShownKind}). */
    public int kind(Kind kind) {
        return kind(ShownKind.of(kind));
    }

    public int kind(ShownKind kind) {
        return byKind.getOrDefault(kind, 0);
    }

    public int state(State state) {
        return byState.getOrDefault(state, 0);
    }

    /** "3 hosts · 12 nodes · 140 pods" in kind order, kinds with none left out. */
    public String kindSummary() {
        StringBuilder b = new StringBuilder();
        for (ShownKind kind : ShownKind.values()) {
            int n = kind(kind);
            if (n > 0) {
                b.append(b.length() == 0 ? "" : " · ").append(n).append(' ').append(Labels.kind(kind, n));
            }
        }
        return b.length() == 0 ? "nothing" : b.toString();
    }
}
