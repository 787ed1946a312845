package dev.wharf.app.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.connect.ConnectionEntry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The saved connections, {@code connections.json} in the config directory. Written atomically
 * (a temp file in the same directory, then an atomic move), so a crash never leaves half a file.
 * Holds no secret: a kubeconfig path and context name, or a libvirt URI without password.
 */
public final class ConnectionsStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    public ConnectionsStore(Path file) {
        this.file = file;
    }

    /** The store in this machine's config directory. */
    public static ConnectionsStore standard() {
        return new ConnectionsStore(ConfigDirs.configDir().resolve("connections.json"));
    }

    public Path file() {
        return file;
    }

    /** The saved connections; none when the file does not exist. A broken file is reported, never overwritten silently. */
    public List<ConnectionEntry> load() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            List<ConnectionEntry> out = new ArrayList<>();
            JsonNode list = root == null ? null : root.get("connections");
            if (list == null || !list.isArray()) {
                throw new WharfException("Saved connections in " + file + " have no \"connections\" list. "
                        + "Fix or delete the file; Wharf will not overwrite it until you save from the Connections dialog.");
            }
            for (JsonNode n : list) {
                String type = n.path("type").asText("");
                boolean readOnly = n.path("readOnly").asBoolean(false);
                if ("kubernetes".equals(type) && n.hasNonNull("context")) {
                    out.add(ConnectionEntry.kubernetes(n.hasNonNull("kubeconfig") ? n.get("kubeconfig").asText() : null,
                            n.get("context").asText()).withReadOnly(readOnly));
                } else if ("libvirt".equals(type) && n.hasNonNull("uri")) {
                    out.add(ConnectionEntry.libvirt(n.get("uri").asText()).withReadOnly(readOnly));
                }
            }
            return out;
        } catch (IOException e) {
            throw new WharfException("Saved connections in " + file + " cannot be read (" + e.getMessage()
                    + "). Fix or delete the file.", e);
        }
    }

    /** Saves {@code entries}, replacing the file atomically. Refuses a URI that carries a password. */
    public void save(List<ConnectionEntry> entries) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("connections");
        for (ConnectionEntry e : entries) {
            ObjectNode n = list.addObject();
            n.put("type", e.type().wire());
            if (e.type() == SourceType.KUBERNETES) {
                if (e.kubeconfig() != null) {
                    n.put("kubeconfig", e.kubeconfig());
                }
                n.put("context", e.context());
            } else {
                refuseSecrets(e.uri());
                n.put("uri", e.uri());
            }
            if (e.readOnly()) {
                n.put("readOnly", true);
            }
        }
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new WharfException("Cannot save connections to " + file + ": " + e.getMessage()
                    + ". Check that the directory is writable.", e);
        }
    }

    static void refuseSecrets(String uri) {
        String userInfo;
        try {
            userInfo = URI.create(uri).getRawUserInfo();
        } catch (IllegalArgumentException e) {
            return;
        }
        if (userInfo != null && userInfo.contains(":")) {
            throw new WharfException("The URI " + uri.replace(userInfo, userInfo.substring(0, userInfo.indexOf(':')) + ":***")
                    + " contains a password; Wharf never saves secrets. Remove it: libvirt will ask for it when it connects.");
        }
    }
}
