package dev.wharf.kubernetes;

import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.NamedExtension;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The fabric8 {@link Config} of one context, built the way Wharf wants it and off the caller's
 * thread (it may run an exec plugin):
 * <ul>
 *   <li>the server URL is checked at once (a malformed one is said, not tried for 20 s); one
 *       without a scheme is {@code https://} (fabric8 would probe and fall back to plain HTTP);</li>
 *   <li>credentials never go over plain HTTP: an {@code http://} server with a token, token file,
 *       password, exec plugin or auth provider is refused unless the context carries the
 *       extension {@value #ALLOW_PLAIN_HTTP} set to {@code true};</li>
 *   <li>files it names (CA, client certificate and key, token file) must exist: said when not;</li>
 *   <li>exec plugins are run by {@link ExecPlugin} (a time limit, every failure said), tokens
 *       and token files are served by a token provider (so fabric8 never re-reads the kubeconfig).</li>
 * </ul>
 */
final class ContextConfig {
    /** The context extension that allows credentials over plain HTTP for that context. */
    static final String ALLOW_PLAIN_HTTP = "wharf.dev/allow-plain-http";

    private ContextConfig() {
    }

    /**
     * @param kubeconfigs the parsed files, in merge order (the first that names a thing wins)
     * @param files       their paths, same order
     */
    static Config build(String context, List<io.fabric8.kubernetes.api.model.Config> kubeconfigs, List<Path> files,
                        Duration execTimeout) {
        NamedContext ctx = first(kubeconfigs, c -> c.getContexts(), NamedContext::getName, context);
        if (ctx == null || ctx.getContext() == null) {
            throw new WharfException("Context " + context + " is not defined in the kubeconfig.");
        }
        String clusterName = ctx.getContext().getCluster();
        NamedCluster named = first(kubeconfigs, c -> c.getClusters(), NamedCluster::getName, clusterName);
        if (named == null || named.getCluster() == null) {
            throw new WharfException("Context " + context + " names cluster '" + clusterName + "', which the kubeconfig "
                    + "does not define: add it (kubectl config set-cluster) or fix the context.");
        }
        Cluster cluster = named.getCluster();
        Path clusterFile = fileOf(kubeconfigs, files, c -> c.getClusters(), NamedCluster::getName, clusterName);
        URI server = serverUrl(context, clusterName, cluster.getServer());
        synchronized (kubeconfigs) {
            // the parsed kubeconfig is shared by the contexts' connections, which build on their own threads
            cluster.setServer(server.toString());
        }

        String userName = ctx.getContext().getUser();
        NamedAuthInfo namedUser = userName == null ? null : first(kubeconfigs, c -> c.getUsers(), NamedAuthInfo::getName, userName);
        AuthInfo user = namedUser == null ? null : namedUser.getUser();
        Path userFile = fileOf(kubeconfigs, files, c -> c.getUsers(), NamedAuthInfo::getName, userName);
        String who = "user " + userName + " of context " + context;

        if (server.getScheme().equals("http")) {
            String credential = credentialKind(user);
            if (credential != null && !allowsPlainHttp(ctx)) {
                throw new WharfException("Context " + context + " would send " + credential + " in clear text to "
                        + server + " (plain HTTP): use the server's https:// address, or, for a test cluster on a trusted "
                        + "network, allow it with the context extension " + ALLOW_PLAIN_HTTP + ": true (see Wharf's README).");
            }
        }
        mustExist(cluster.getCertificateAuthority(), clusterFile, "certificate-authority of cluster " + clusterName,
                "the CA file");
        if (user != null) {
            mustExist(user.getClientCertificate(), userFile, "client-certificate of user " + userName, "the client certificate");
            mustExist(user.getClientKey(), userFile, "client-key of user " + userName, "the client key");
        }

        Config config = Config.empty();
        ExecPlugin.Credential execCredential = null;
        if (user != null && blank(user.getToken()) && user.getAuthProvider() == null) {
            if (user.getExec() != null) {
                ExecPlugin plugin = new ExecPlugin(user.getExec(), userFile, who, execTimeout);
                execCredential = plugin.run();
                // fabric8 runs no exec plugin when a token provider is set
                config.setOauthTokenProvider(new ExecTokens(plugin, execCredential));
            } else if (!blank(user.getTokenFile())) {
                Path tokenFile = resolve(user.getTokenFile(), userFile);
                config.setOauthTokenProvider(new TokenFile(tokenFile, who));
                config.getOauthTokenProvider().getToken();
            }
        }
        synchronized (kubeconfigs) {
            KubeConfigUtils.merge(config, context, kubeconfigs.toArray(io.fabric8.kubernetes.api.model.Config[]::new));
        }
        if (execCredential != null && execCredential.token() == null) {
            config.setClientCertData(execCredential.clientCertificateData());
            config.setClientKeyData(execCredential.clientKeyData());
        }
        return config;
    }

    /** The server URL as Wharf will use it; a {@link WharfException} saying what is wrong with it. */
    static URI serverUrl(String context, String cluster, String raw) {
        String where = "The server URL of cluster " + cluster + " (context " + context + ")";
        if (raw == null || raw.isBlank()) {
            throw new WharfException(where + " is empty: set clusters[].cluster.server to the API server's address, "
                    + "like https://host:6443.");
        }
        String s = raw.strip();
        String shown = ExecPlugin.firstLine(s);
        if (!s.contains("://")) {
            s = "https://" + s;
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new WharfException(where + ", '" + shown + "', is not a valid URL (" + e.getReason()
                    + "): it should look like https://host:6443.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new WharfException(where + ", '" + shown + "', is not an http(s) URL: it should look like "
                    + "https://host:6443.");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new WharfException(where + ", '" + shown + "', has no valid host name"
                    + (uri.getRawAuthority() == null ? "" : " (" + ExecPlugin.firstLine(uri.getRawAuthority()) + ")")
                    + ": it should look like https://host:6443.");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new WharfException(where + ", '" + shown + "', has an invalid port (" + uri.getPort()
                    + "): it should look like https://host:6443.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new WharfException(where + ", '" + shown + "', has a query or fragment: give only "
                    + "https://host:port (and a path if the API is served under one).");
        }
        try {
            return new URI(scheme, uri.getRawUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new WharfException(where + ", '" + shown + "', is not a valid URL (" + e.getReason() + ").");
        }
    }

    /** What the user would send: "a bearer token", … ; null when nothing (client certificates only go over TLS). */
    private static String credentialKind(AuthInfo user) {
        if (user == null) {
            return null;
        }
        if (!blank(user.getToken()) || !blank(user.getTokenFile())) {
            return "a bearer token";
        }
        if (!blank(user.getUsername()) || !blank(user.getPassword())) {
            return "a user name and password";
        }
        if (user.getExec() != null) {
            return "the exec plugin's credential";
        }
        if (user.getAuthProvider() != null) {
            return "the auth provider's token";
        }
        return null;
    }

    private static boolean allowsPlainHttp(NamedContext ctx) {
        List<NamedExtension> ext = ctx.getContext().getExtensions();
        if (ext == null) {
            return false;
        }
        for (NamedExtension e : ext) {
            if (e != null && ALLOW_PLAIN_HTTP.equals(e.getName())) {
                Object v = e.getExtension();
                if (v instanceof io.fabric8.kubernetes.api.model.AnyType any) {
                    v = any.getValue(); // a RawExtension, as fabric8 reads it
                }
                return Boolean.TRUE.equals(v) || (v != null && "true".equalsIgnoreCase(String.valueOf(v).strip()));
            }
        }
        return false;
    }

    private static void mustExist(String file, Path kubeconfig, String setting, String what) {
        if (blank(file)) {
            return;
        }
        Path p = resolve(file, kubeconfig);
        if (!Files.isRegularFile(p)) {
            String is = KubeconfigFiles.notAFile(p);
            throw new WharfException(capitalise(what) + " " + p + " (" + setting + ") "
                    + (is == null ? "does not exist" : "is " + is) + ": fix the path in the kubeconfig, or use "
                    + setting.substring(0, setting.indexOf(' ')) + "-data with the content.");
        }
    }

    private static Path resolve(String file, Path kubeconfig) {
        Path p = Path.of(file);
        if (!p.isAbsolute() && kubeconfig != null && kubeconfig.toAbsolutePath().getParent() != null) {
            p = kubeconfig.toAbsolutePath().getParent().resolve(p).normalize();
        }
        return p;
    }

    private static <T> T first(List<io.fabric8.kubernetes.api.model.Config> kubeconfigs,
                               java.util.function.Function<io.fabric8.kubernetes.api.model.Config, List<T>> list,
                               java.util.function.Function<T, String> name, String wanted) {
        if (wanted == null) {
            return null;
        }
        for (io.fabric8.kubernetes.api.model.Config k : kubeconfigs) {
            List<T> l = list.apply(k);
            if (l != null) {
                for (T t : l) {
                    if (t != null && wanted.equals(name.apply(t))) {
                        return t;
                    }
                }
            }
        }
        return null;
    }

    private static <T> Path fileOf(List<io.fabric8.kubernetes.api.model.Config> kubeconfigs, List<Path> files,
                                   java.util.function.Function<io.fabric8.kubernetes.api.model.Config, List<T>> list,
                                   java.util.function.Function<T, String> name, String wanted) {
        for (int i = 0; i < kubeconfigs.size(); i++) {
            if (first(List.of(kubeconfigs.get(i)), list, name, wanted) != null) {
                return i < files.size() ? files.get(i) : null;
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The exec plugin's token, run again when it has expired (kubectl does the same). */
    private static final class ExecTokens implements OAuthTokenProvider {
        private final ExecPlugin plugin;
        private ExecPlugin.Credential current;

        ExecTokens(ExecPlugin plugin, ExecPlugin.Credential first) {
            this.plugin = plugin;
            this.current = first;
        }

        @Override
        public synchronized String getToken() {
            if (current.expired(Instant.now())) {
                current = plugin.run();
            }
            return current.token();
        }
    }

    /** {@code tokenFile}: read again each minute (it may be rotated), said when missing. */
    private static final class TokenFile implements OAuthTokenProvider {
        private final Path file;
        private final String who;
        private String token;
        private Instant readAt = Instant.MIN;

        TokenFile(Path file, String who) {
            this.file = file;
            this.who = who;
        }

        @Override
        public synchronized String getToken() {
            if (token == null || readAt.plusSeconds(60).isBefore(Instant.now())) {
                String is = Files.exists(file) ? KubeconfigFiles.notAFile(file) : "missing";
                if (is != null) {
                    throw new WharfException("The token file " + file + " (tokenFile of " + who + ") is " + is
                            + ": fix the path in the kubeconfig or recreate the file.");
                }
                try {
                    String t = Files.readString(file, StandardCharsets.UTF_8).strip();
                    if (t.isEmpty()) {
                        throw new WharfException("The token file " + file + " (tokenFile of " + who + ") is empty.");
                    }
                    token = t;
                    readAt = Instant.now();
                } catch (IOException e) {
                    throw new WharfException("The token file " + file + " (tokenFile of " + who + ") cannot be read: "
                            + e.getMessage() + ".", e);
                }
            }
            return token;
        }
    }
}
