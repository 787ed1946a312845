package dev.wharf.kubernetes.logs;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The message of a refused request: the API server's {@code Status.message}, else the body, else the code. */
final class StatusMessages {
    private StatusMessages() {
    }

    static String of(InputStream body, int code) {
        String text;
        try (body) {
            text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            text = "";
        }
        if (text.startsWith("{")) {
            try {
                Status s = Serialization.unmarshal(text, Status.class);
                if (s.getMessage() != null && !s.getMessage().isBlank()) {
                    return s.getMessage();
                }
            } catch (RuntimeException e) {
                // not a Status
            }
        }
        return text.isEmpty() ? "HTTP " + code : text;
    }
}
