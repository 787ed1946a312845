package dev.wharf.app.cli;

import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceType;

/** How the CLI names a source in messages: {@code context prod}, {@code libvirt qemu+ssh://h1/system}. */
public final class SourceLabels {
    private SourceLabels() {
    }

    public static String of(SourceInfo s) {
        return (s.type() == SourceType.KUBERNETES ? "context " : "libvirt ") + s.name();
    }
}
