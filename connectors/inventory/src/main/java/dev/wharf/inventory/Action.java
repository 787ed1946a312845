package dev.wharf.inventory;

import java.util.Locale;

/**
 * A lifecycle action an item may accept. Items list the actions they accept <em>now</em>
 * ({@link Item#actions()}); menus and buttons are built from that list, never from the kind.
 */
public enum Action {
    START("Start", false),
    STOP("Stop", true),
    RESTART("Restart", true),
    PAUSE("Pause", false),
    RESUME("Resume", false),
    MIGRATE("Migrate", false),
    DELETE("Delete", true),
    SHUTDOWN("Shut down", false),
    REBOOT("Reboot", false),
    FORCE_OFF("Force off", true),
    /** A node: mark it unschedulable ({@code spec.unschedulable=true}). */
    CORDON("Cordon", false),
    /** A node: schedulable again. */
    UNCORDON("Uncordon", false),
    /** A node: cordon, then evict its pods through the eviction API (PodDisruptionBudgets hold). */
    DRAIN("Drain", true),
    /** A VM being migrated: delete its VirtualMachineInstanceMigration. */
    CANCEL_MIGRATION("Cancel migration", false),
    /** A pod with a controller: restart the controller's pods ({@code kubectl rollout restart}). */
    RESTART_WORKLOAD("Restart workload", true);

    private final String label;
    private final boolean destructive;

    Action(String label, boolean destructive) {
        this.label = label;
        this.destructive = destructive;
    }

    /** Name on the command line and in JSON: {@code start}, {@code force-off}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Label for a button or menu. */
    public String label() {
        return label;
    }

    /** Whether a user must confirm it: it loses running state or data. */
    public boolean destructive() {
        return destructive;
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} naming the valid ones. */
    public static Action fromWire(String s) {
        String key = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Action a : values()) {
            if (a.name().equals(key)) {
                return a;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (Action a : values()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(a.wire());
        }
        throw new IllegalArgumentException("unknown action '" + s + "' (valid: " + valid + ")");
    }
}
