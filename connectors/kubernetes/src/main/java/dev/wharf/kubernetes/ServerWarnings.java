package dev.wharf.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's {@code Warning} response headers (RFC 7234 §5.5, as Kubernetes writes them:
 * {@code 299 - "spec.running is deprecated, please use spec.runStrategy instead."}) as the texts
 * kubectl prints after "Warning: ". Admission webhooks' warnings and deprecated APIs arrive this way.
 */
final class ServerWarnings {
    /** code, agent, the quoted text (with backslash escapes), an optional date. */
    private static final Pattern WARNING = Pattern.compile("\\s*\\d{3}\\s+\\S+\\s+\"((?:[^\"\\\\]|\\\\.)*)\"(?:\\s+\"[^\"]*\")?\\s*");

    private ServerWarnings() {
    }

    /** The texts of {@code headers} (the values of every {@code Warning} header), in order, without duplicates. */
    static List<String> of(List<String> headers) {
        List<String> out = new ArrayList<>();
        if (headers == null) {
            return out;
        }
        for (String h : headers) {
            if (h == null || h.isBlank()) {
                continue;
            }
            String text = textOf(h);
            if (!text.isEmpty() && !out.contains(text)) {
                out.add(text);
            }
        }
        return out;
    }

    private static String textOf(String header) {
        Matcher m = WARNING.matcher(header);
        if (!m.matches()) {
            return header.strip(); // not in the usual form: shown as it came
        }
        return m.group(1).replaceAll("\\\\(.)", "$1").strip();
    }
}
