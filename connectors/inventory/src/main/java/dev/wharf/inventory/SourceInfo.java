package dev.wharf.inventory;

import java.util.Objects;

/**
 * A source and its connection status.
 *
 * @param id      stable id, e.g. {@code k8s:prod} or {@code libvirt:qemu+ssh://root@h1/system}
 * @param type    kubernetes or libvirt
 * @param name    what the user calls it: the context name, the host name
 * @param status  connecting, connected, partial, error
 * @param message what is missing or what failed, and what to do; empty when connected
 */
public record SourceInfo(String id, SourceType type, String name, SourceStatus status, String message) {
    public SourceInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    public SourceInfo with(SourceStatus newStatus, String newMessage) {
        return new SourceInfo(id, type, name, newStatus, newMessage);
    }
}
