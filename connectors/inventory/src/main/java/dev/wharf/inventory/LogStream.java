package dev.wharf.inventory;

/**
 * One log an item offers: a container's output, a VM's guest console log, a domain's serial or
 * hypervisor log.
 *
 * @param name what {@link LogRequest#stream()} names it by: the container's name, or
 *             {@code guest-console-log}, {@code compute}, {@code serial}, {@code qemu}
 * @param type what kind of log it is
 */
public record LogStream(String name, Type type) {

    public enum Type {
        /** A pod's (regular) container. */
        CONTAINER,
        /** A pod's init container. */
        INIT_CONTAINER,
        /** An ephemeral (debug) container. */
        EPHEMERAL_CONTAINER,
        /** A VM guest's serial console, as logged (KubeVirt's {@code guest-console-log}, libvirt's {@code <log file=…>}). */
        GUEST_CONSOLE,
        /** The hypervisor's own messages (KubeVirt's {@code compute} container, libvirt's QEMU log). */
        HYPERVISOR
    }

    /** How kubectl lists it in "Defaulted container … out of: …": {@code name}, {@code name (init)}, {@code name (ephem)}. */
    public String label() {
        return switch (type) {
            case INIT_CONTAINER -> name + " (init)";
            case EPHEMERAL_CONTAINER -> name + " (ephem)";
            default -> name;
        };
    }
}
