package dev.wharf.libvirt;

import dev.wharf.inventory.ExternalDisplay;
import dev.wharf.inventory.ExternalViewer;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A SPICE-only domain's display in virt-viewer (Debian package {@code virt-viewer}, which also ships
 * {@code remote-viewer}): {@code virt-viewer --connect URI --uuid UUID}, as virt-manager's "open in
 * virt-viewer" does. Given the libvirt URI rather than a {@code spice://HOST:PORT} address,
 * virt-viewer itself finds the display, tunnels over {@code qemu+ssh://}, and asks for a SPICE
 * password; Wharf passes it no secret. When it is not on the PATH, one message says how to get it.
 */
final class SpiceViewer implements ExternalViewer {
    static final String BINARY = "virt-viewer";
    static final String MISSING = "Install virt-viewer (apt install virt-viewer) to open SPICE displays: "
            + "Wharf draws VNC displays only.";

    private final String uri;
    private final String path;

    /** @param path the PATH to look for {@value #BINARY} in */
    SpiceViewer(String uri, String path) {
        this.uri = uri;
        this.path = path == null ? "" : path;
    }

    /** The viewer's executable on {@code path}, if any. */
    static Optional<Path> find(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, BINARY);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The command line that opens {@code item}'s display. Pure. */
    static List<String> command(Path viewer, String uri, Item item) {
        List<String> cmd = new ArrayList<>(List.of(viewer.toString(), "--connect", uri));
        if (item.uuid() != null && !item.uuid().isEmpty()) {
            cmd.addAll(List.of("--uuid", item.uuid()));
        } else {
            cmd.addAll(List.of("--domain-name", item.name()));
        }
        return cmd;
    }

    /** The command for {@code item}, or a WharfException saying what to install or why there is nothing to open. */
    List<String> commandFor(Item item) {
        if (item.facet(ExternalDisplay.class).isEmpty()) {
            throw new WharfException(item.name() + " has no SPICE display to open (is it running?).");
        }
        Path viewer = find(path).orElseThrow(() -> new WharfException(MISSING));
        return command(viewer, uri, item);
    }

    @Override
    public void openExternal(Item item) {
        List<String> cmd = commandFor(item);
        try {
            new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new WharfException("Cannot start " + cmd.get(0) + " (" + e.getMessage() + "): " + MISSING, e);
        }
    }
}
