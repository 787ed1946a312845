package dev.wharf.views.model;

import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.State;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the user narrowed the view to: a search text and, per facet, the accepted values (an
 * empty set accepts all). Immutable; the toolbar builds a new one on every change.
 */
public record ItemFilter(String text, Set<ShownKind> kinds, Set<State> states, Set<Isolation> isolations,
                         Set<String> namespaces, Set<String> sources) implements Predicate<Item> {

    public static final ItemFilter ALL = new ItemFilter("", Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

    public ItemFilter {
        text = text == null ? "" : text.strip();
        kinds = Set.copyOf(kinds);
        states = Set.copyOf(states);
        isolations = Set.copyOf(isolations);
        namespaces = Set.copyOf(namespaces);
        sources = Set.copyOf(sources);
    }

    public ItemFilter withText(String v) {
        return new ItemFilter(v, kinds, states, isolations, namespaces, sources);
    }

    /** Only these inventory kinds (a microVM includes the sandboxes, as the JSON's {@code kind} does). */
    public ItemFilter withKinds(Set<Kind> v) {
        Set<ShownKind> shown = new java.util.HashSet<>();
        for (Kind k : v) {
            shown.add(ShownKind.of(k));
            if (k == Kind.MICROVM) {
                shown.add(ShownKind.SANDBOX);
            }
        }
        return withShownKinds(shown);
    }

    /** Only these kinds as the window names them (the Kind filter). */
    public ItemFilter withShownKinds(Set<ShownKind> v) {
        return new ItemFilter(text, v, states, isolations, namespaces, sources);
    }

    public ItemFilter withStates(Set<State> v) {
        return new ItemFilter(text, kinds, v, isolations, namespaces, sources);
    }

    public ItemFilter withIsolations(Set<Isolation> v) {
        return new ItemFilter(text, kinds, states, v, namespaces, sources);
    }

    public ItemFilter withNamespaces(Set<String> v) {
        return new ItemFilter(text, kinds, states, isolations, v, sources);
    }

    public ItemFilter withSources(Set<String> v) {
        return new ItemFilter(text, kinds, states, isolations, namespaces, v);
    }

    /** True when nothing is narrowed. */
    public boolean isEmpty() {
        return text.isEmpty() && kinds.isEmpty() && states.isEmpty() && isolations.isEmpty()
                && namespaces.isEmpty() && sources.isEmpty();
    }

    /** Number of facets in use (for a badge on the filter button). */
    public int facetCount() {
        return (kinds.isEmpty() ? 0 : 1) + (states.isEmpty() ? 0 : 1) + (isolations.isEmpty() ? 0 : 1)
                + (namespaces.isEmpty() ? 0 : 1) + (sources.isEmpty() ? 0 : 1);
    }

    @Override
    public boolean test(Item i) {
        if (!kinds.isEmpty() && !kinds.contains(ShownKind.of(i))) {
            return false;
        }
        if (!states.isEmpty() && !states.contains(i.state())) {
            return false;
        }
        if (!isolations.isEmpty() && (i.isolation() == null || !isolations.contains(i.isolation()))) {
            return false;
        }
        if (!namespaces.isEmpty() && (i.namespace() == null || !namespaces.contains(i.namespace()))) {
            return false;
        }
        if (!sources.isEmpty() && !sources.contains(i.source())) {
            return false;
        }
        return text.isEmpty() || matchesText(i, text.toLowerCase(Locale.ROOT));
    }

    private static boolean matchesText(Item i, String needle) {
        for (String term : needle.split("\\s+")) {
            if (!(contains(i.name(), term) || contains(i.namespace(), term) || contains(i.status(), term)
                    || contains(i.runtime(), term) || contains(i.kind().wire(), term)
                    || contains(Labels.kind(i), term)
                    || contains(i.state().wire(), term))) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(String hay, String needle) {
        return hay != null && hay.toLowerCase(Locale.ROOT).contains(needle);
    }
}
