package dev.wharf.inventory;

import java.time.Instant;

/**
 * One status condition of a Kubernetes object ({@code PodScheduled=False, Unschedulable: "0/4
 * nodes are available: …"}).
 *
 * @param of      the object it belongs to when an item shows several ("VirtualMachine",
 *                "VirtualMachineInstance"); null when there is only one
 * @param type    "Ready", "PodScheduled", "MemoryPressure", "LiveMigratable" …
 * @param status  "True", "False" or "Unknown"
 * @param reason  short machine reason, may be null
 * @param message the explanation, may be null
 * @param since   last transition, may be null
 */
public record Condition(String of, String type, String status, String reason, String message, Instant since) {

    public boolean isTrue() {
        return "True".equals(status);
    }
}
