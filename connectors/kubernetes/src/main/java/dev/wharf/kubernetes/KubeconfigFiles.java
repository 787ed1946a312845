package dev.wharf.kubernetes;

import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads one kubeconfig file, saying what is wrong with it in the user's words: not there, a
 * directory, a device or a pipe (never opened: a FIFO would block, {@code /dev/zero} never ends),
 * empty, binary, too large, not YAML.
 */
final class KubeconfigFiles {
    /** Larger than any real kubeconfig (those with 500 contexts are well under 1 MB). */
    static final long MAX_BYTES = 16L << 20;

    private KubeconfigFiles() {
    }

    /** What {@code p} is when it is not a regular file, e.g. "a directory"; null when it is one. */
    static String notAFile(Path p) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            try {
                Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return "a broken symbolic link";
            } catch (IOException e2) {
                return null;
            }
        }
        if (a.isRegularFile()) {
            return null;
        }
        if (a.isDirectory()) {
            return "a directory";
        }
        String type = "";
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            if (mode instanceof Integer m) {
                type = switch (m & 0170000) {
                    case 0010000 -> "a named pipe (FIFO)";
                    case 0020000 -> "a character device";
                    case 0060000 -> "a block device";
                    case 0140000 -> "a socket";
                    default -> "";
                };
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // not a unix file system
        }
        return type.isEmpty() ? "not a regular file" : type;
    }

    /** Parses a regular file; a {@link WharfException} naming the file and what to do. */
    static Config parse(Path p) {
        String what = notAFile(p);
        if (what != null) {
            throw new WharfException("Kubeconfig " + p + " is " + what + ", not a file: point KUBECONFIG or --kubeconfig "
                    + "at a kubeconfig file.");
        }
        byte[] bytes;
        try {
            if (Files.size(p) > MAX_BYTES) {
                throw new WharfException("Kubeconfig " + p + " is " + (Files.size(p) >> 20) + " MB, far larger than any "
                        + "kubeconfig: check that it is the right file.");
            }
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            throw new WharfException("Kubeconfig " + p + " cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): check its permissions.", e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = null;
        }
        if (text == null || text.indexOf('\0') >= 0) {
            throw new WharfException("Kubeconfig " + p + " is binary data, not a kubeconfig (YAML text): check that it "
                    + "is the right file.");
        }
        if (text.isBlank()) {
            throw new WharfException("Kubeconfig " + p + " is empty: use the kubeconfig your cluster provider gave you, "
                    + "or create contexts with kubectl config set-cluster / set-credentials / set-context.");
        }
        if (text.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#") || l.strip().equals("---"))) {
            throw new WharfException("Kubeconfig " + p + " holds no kubeconfig (only comments or an empty document): "
                    + "use the kubeconfig your cluster provider gave you.");
        }
        Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfig(p.toFile());
        } catch (RuntimeException e) {
            throw new WharfException("Kubeconfig " + p + " cannot be read: " + yamlProblem(e)
                    + ". Fix the file (kubectl config view shows what kubectl makes of it) or regenerate it.", e);
        }
        if (parsed == null) {
            throw new WharfException("Kubeconfig " + p + " holds no kubeconfig (only comments or an empty document).");
        }
        return parsed;
    }

    /** The YAML parser's own words, on one line, with where, without Java class names. */
    private static String yamlProblem(Throwable e) {
        Throwable root = KubernetesErrors.root(e);
        String m = root.getMessage() == null ? "" : root.getMessage();
        // snakeyaml: "while parsing a flow mapping\n in reader, line 2, column 12:\n  …\nexpected ',' or '}', but got …"
        // jackson: "Cannot deserialize value of type `…` from … at [Source: …; line: 3, column: 5]"
        java.util.regex.Matcher where = java.util.regex.Pattern.compile("line:? (\\d+), column:? (\\d+)").matcher(m);
        String line = "";
        while (where.find()) {
            line = " (line " + where.group(1) + ", column " + where.group(2) + ")";
        }
        if (m.contains("`") || m.contains("java.") || m.contains("io.fabric8")) {
            return "it is not a kubeconfig as kubectl writes it" + line;
        }
        java.util.List<String> words = new java.util.ArrayList<>();
        for (String l : m.split("\n")) {
            if (!l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("in reader")) {
                words.add(l.strip());
            }
        }
        String what = words.isEmpty() ? ExecPlugin.firstLine(m) : String.join(": ", words.subList(0, Math.min(2, words.size())));
        int src = what.indexOf(" at [Source");
        return ExecPlugin.firstLine(src > 0 ? what.substring(0, src) : what) + line;
    }
}
