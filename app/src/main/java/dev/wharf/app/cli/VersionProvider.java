package dev.wharf.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code wharf --version}: {@code wharf VERSION (commit HASH)}, from dev/wharf/app/version.properties. */
public final class VersionProvider implements IVersionProvider {
    static final String RESOURCE = "/dev/wharf/app/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    /** The version line; {@code unknown} for what the build did not fill in. */
    public static String line() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return "wharf " + value(p, "version") + " (commit " + value(p, "commit") + ")";
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.isEmpty() || v.contains("${") ? "unknown" : v;
    }
}
