package dev.wharf.views.model;

import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.NodePlacement;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.State;

/** Words shown to the user for the inventory's enums (one place, so views agree). */
public final class Labels {
    private Labels() {
    }

    /**
     * Where a node runs, as its header says it: "bare metal", "VM", or "placement unknown" — never
     * bare metal without evidence (the evidence itself is in the node's details).
     */
    public static String placement(Item node) {
        return node.facet(NodePlacement.class).map(p -> p.placement().label()).orElse("placement unknown");
    }

    public static String kind(Kind k) {
        return switch (k) {
            case HOST -> "Host";
            case NODE -> "Node";
            case POD -> "Pod";
            case VM -> "VM";
            case MICROVM -> "microVM";
        };
    }

    public static String kind(Kind k, int n) {
        return kind(ShownKind.of(k), n);
    }

    /** What the window calls the item ("Sandbox" for a gVisor pod). */
    public static String kind(dev.wharf.inventory.Item i) {
        return kind(ShownKind.of(i));
    }

    public static String kind(ShownKind k) {
        return switch (k) {
            case HOST -> "Host";
            case NODE -> "Node";
            case POD -> "Pod";
            case VM -> "VM";
            case MICROVM -> "microVM";
            case SANDBOX -> "Sandbox";
        };
    }

    /** "3 pods", "1 sandbox", "2 sandboxes". */
    public static String kind(ShownKind k, int n) {
        String s = switch (k) {
            case HOST -> "host";
            case NODE -> "node";
            case POD -> "pod";
            case VM -> "VM";
            case MICROVM -> "microVM";
            case SANDBOX -> "sandbox";
        };
        return n == 1 ? s : k == ShownKind.SANDBOX ? s + "es" : s + "s";
    }

    public static String state(State s) {
        return switch (s) {
            case RUNNING -> "Running";
            case PAUSED -> "Paused";
            case STOPPED -> "Stopped";
            case PENDING -> "Pending";
            case STARTING -> "Starting";
            case STOPPING -> "Stopping";
            case MIGRATING -> "Migrating";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
            case UNKNOWN -> "Unknown";
        };
    }

    /** A state in at most five letters, for chips where the name leaves little room. */
    public static String shortState(State s) {
        return switch (s) {
            case RUNNING -> "Run";
            case PAUSED -> "Pause";
            case STOPPED -> "Off";
            case PENDING -> "Wait";
            case STARTING -> "Start";
            case STOPPING -> "Stop";
            case MIGRATING -> "Migr";
            case SUCCEEDED -> "Done";
            case FAILED -> "Fail";
            case UNKNOWN -> "?";
        };
    }

    public static String isolation(Isolation i) {
        if (i == null) {
            return "";
        }
        return switch (i) {
            case CONTAINER -> "container";
            case SANDBOX -> "sandbox";
            case MICROVM -> "microVM";
            case VM -> "VM";
        };
    }

    public static String sourceStatus(SourceStatus s) {
        return switch (s) {
            case CONNECTING -> "Connecting…";
            case CONNECTED -> "Connected";
            case PARTIAL -> "Partly visible";
            case ERROR -> "Unreachable";
        };
    }

    /** The CSS pseudo-class name for a state ({@code running}, {@code failed} …). */
    public static String pseudoClass(State s) {
        return s.wire();
    }
}
