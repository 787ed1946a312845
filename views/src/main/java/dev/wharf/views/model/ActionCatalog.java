package dev.wharf.views.model;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds the actions offered for an item from its capabilities ({@link Item#actions()}), never
 * from its kind. An action is shown when the item accepts it, when a related action is accepted
 * (Start is shown disabled next to an enabled Stop), or when the source listed it under the
 * "Not permitted" property (RBAC); the disabled ones carry the reason.
 */
public final class ActionCatalog {
    /** The property a connector sets to the actions RBAC forbids, e.g. "stop, migrate (no update on …)". */
    public static final String NOT_PERMITTED = "Not permitted";

    private static final List<Set<Action>> FAMILIES = List.of(
            EnumSet.of(Action.START, Action.STOP, Action.SHUTDOWN, Action.FORCE_OFF, Action.RESTART, Action.REBOOT),
            EnumSet.of(Action.PAUSE, Action.RESUME),
            EnumSet.of(Action.MIGRATE),
            EnumSet.of(Action.CANCEL_MIGRATION),
            EnumSet.of(Action.CORDON, Action.UNCORDON),
            EnumSet.of(Action.DRAIN),
            EnumSet.of(Action.RESTART_WORKLOAD),
            EnumSet.of(Action.DELETE));

    private final Predicate<String> busy;

    /** @param busy tells whether an action already runs on an item id */
    public ActionCatalog(Predicate<String> busy) {
        this.busy = busy;
    }

    /** The choices for {@code item}, in {@link Action} order. */
    public List<ActionChoice> choices(Item item) {
        EnumSet<Action> shown = EnumSet.noneOf(Action.class);
        for (Action a : item.actions()) {
            for (Set<Action> f : FAMILIES) {
                if (f.contains(a)) {
                    shown.addAll(f);
                }
            }
        }
        String denied = item.properties().getOrDefault(NOT_PERMITTED, "");
        for (Action a : Action.values()) {
            if (mentions(denied, a)) {
                shown.add(a);
            }
        }
        List<ActionChoice> out = new ArrayList<>();
        for (Action a : shown) {
            out.add(choice(item, a));
        }
        return out;
    }

    /** One choice, whether or not it would be shown in a menu. */
    public ActionChoice choice(Item item, Action a) {
        String denied = item.properties().getOrDefault(NOT_PERMITTED, "");
        if (busy.test(item.id())) {
            return new ActionChoice(item, a, false, "An action is already running on " + item.name() + ".");
        }
        if (item.stale()) {
            return new ActionChoice(item, a, false,
                    "Its source is unreachable: this is the last known state of " + item.name() + ".");
        }
        if (mentions(denied, a)) {
            return new ActionChoice(item, a, false, "Not permitted: " + denied);
        }
        if (!item.accepts(a)) {
            List<String> instead = new ArrayList<>();
            for (Set<Action> f : FAMILIES) {
                if (f.contains(a)) {
                    for (Action other : f) {
                        if (other != a && item.accepts(other) && isAlternative(a, other)) {
                            instead.add(other.label());
                        }
                    }
                }
            }
            if (!instead.isEmpty()) {
                return new ActionChoice(item, a, false, item.name() + " offers " + String.join(" or ", instead)
                        + " instead of " + a.label() + ".");
            }
            return new ActionChoice(item, a, false, a.label() + " is not possible while " + item.name()
                    + " is " + Labels.state(item.state()).toLowerCase(Locale.ROOT) + ".");
        }
        return new ActionChoice(item, a, true, "");
    }

    /** Whether {@code other} does what {@code a} would (stop ≈ shut down / force off; restart ≈ reboot). */
    private static boolean isAlternative(Action a, Action other) {
        Set<Action> stops = EnumSet.of(Action.STOP, Action.SHUTDOWN, Action.FORCE_OFF);
        Set<Action> restarts = EnumSet.of(Action.RESTART, Action.REBOOT);
        return stops.contains(a) && stops.contains(other) || restarts.contains(a) && restarts.contains(other);
    }

    private static boolean mentions(String denied, Action a) {
        if (denied.isEmpty()) {
            return false;
        }
        String d = denied.toLowerCase(Locale.ROOT);
        return d.equals("all") || d.matches("(?s).*\\b" + java.util.regex.Pattern.quote(a.wire()) + "\\b.*");
    }
}
