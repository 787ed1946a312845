package dev.wharf.inventory;

import java.time.Instant;

/**
 * Something that happened to an item, for the details pane.
 *
 * @param time    when it happened (last time, for repeated Kubernetes events)
 * @param type    "Normal", "Warning", or a libvirt lifecycle event ("Started", "Stopped")
 * @param reason  short reason ("Scheduled", "Booted")
 * @param message full text
 */
public record ItemEvent(Instant time, String type, String reason, String message) {
}
