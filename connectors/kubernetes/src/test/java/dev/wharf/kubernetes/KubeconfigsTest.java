package dev.wharf.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigsTest {
    @TempDir
    Path dir;

    static String kubeconfig(String server, String current, String... contexts) {
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: Config\n");
        if (current != null) {
            y.append("current-context: ").append(current).append('\n');
        }
        y.append("clusters:\n");
        for (String c : contexts) {
            y.append("- name: ").append(c).append("-cluster\n  cluster:\n    server: ").append(server).append('\n');
            if (c.contains("insecure")) {
                y.append("    insecure-skip-tls-verify: true\n");
            }
        }
        y.append("users:\n");
        for (String c : contexts) {
            y.append("- name: ").append(c).append("-user\n  user:\n    token: token-of-").append(c).append('\n');
        }
        y.append("contexts:\n");
        for (String c : contexts) {
            y.append("- name: ").append(c).append("\n  context:\n    cluster: ").append(c).append("-cluster\n    user: ")
                    .append(c).append("-user\n");
            if (c.contains("plain")) {
                y.append("    extensions:\n    - name: wharf.dev/allow-plain-http\n      extension: true\n");
            }
        }
        return y.toString();
    }

    Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void explicitFileListsItsContextsAndConnectsWithTheContextsToken() throws Exception {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.client.nodes().resource(Fixtures.load("node.yaml", Node.class)).create();
            // the mock speaks plain HTTP: the context allows a token over it explicitly
            Path file = write("config", kubeconfig(cluster.client.getMasterUrl().toString(), "prod-plain", "dev",
                    "prod-plain"));
            Kubeconfigs k = Kubeconfigs.load(Optional.of(file));
            assertThat(k.contexts()).containsExactly("dev", "prod-plain");
            assertThat(k.currentContext()).contains("prod-plain");

            Config config = k.config("prod-plain");
            assertThat(config.getConnectionTimeout()).isEqualTo(10_000);
            assertThat(config.getRequestTimeout()).isEqualTo(30_000);
            assertThat(config.isTrustCerts()).as("TLS verified unless the kubeconfig says otherwise").isFalse();

            Inventory inventory = new Inventory(Runnable::run);
            try (KubernetesConnection c = k.connect("prod-plain", inventory)) {
                assertThat(c.id()).isEqualTo("k8s:prod-plain");
                c.start();
                assertThat(c.awaitInitialSync(Duration.ofSeconds(15))).isTrue();
                assertThat(inventory.snapshot().items()).extracting(Item::name).containsExactly("node-k");
            }
            RecordedRequest r;
            boolean sawToken = false;
            while ((r = cluster.server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
                if (r.getPath().startsWith("/api/v1/nodes?")) {
                    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer token-of-prod-plain");
                    sawToken = true;
                }
            }
            assertThat(sawToken).isTrue();
        }
    }

    @Test
    void insecureSkipTlsVerifyIsHonoured() throws Exception {
        Path file = write("config", kubeconfig("https://127.0.0.1:6443", null, "lab-insecure"));
        assertThat(Kubeconfigs.load(Optional.of(file)).config("lab-insecure").isTrustCerts()).isTrue();
    }

    @Test
    void kubeconfigVariableMergesSeveralFilesFirstOneWins() throws Exception {
        Path a = write("a", kubeconfig("https://a.example:6443", "alpha", "alpha", "shared"));
        Path b = write("b", kubeconfig("https://b.example:6443", "beta", "beta", "shared"));
        String old = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, a + File.pathSeparator + b);
        try {
            Kubeconfigs k = Kubeconfigs.load(Optional.empty());
            assertThat(k.contexts()).containsExactly("alpha", "shared", "beta");
            assertThat(k.currentContext()).contains("alpha");
            assertThat(k.config("beta").getMasterUrl()).startsWith("https://b.example:6443");
            assertThat(k.config("shared").getMasterUrl()).startsWith("https://a.example:6443");
        } finally {
            if (old == null) {
                System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
            } else {
                System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, old);
            }
        }
    }

    @Test
    void unknownContextNamesTheKnownOnes() throws Exception {
        Kubeconfigs k = Kubeconfigs.load(Optional.of(write("config", kubeconfig("https://x:6443", null, "a", "b"))));
        assertThatThrownBy(() -> k.connect("c", new Inventory(Runnable::run)))
                .isInstanceOf(WharfException.class).hasMessage("unknown context c (known: a, b)");
    }

    @Test
    void missingFileSaysWhereItLooked() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> Kubeconfigs.load(Optional.of(missing)))
                .isInstanceOf(WharfException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("not found").hasMessageContaining("KUBECONFIG");
    }

    @Test
    void brokenYamlSaysWhichFileAndWhatToDo() throws Exception {
        Path bad = write("bad", "apiVersion: v1\nclusters: [\n  - name: x\n    cluster: {server: \"unterminated\n");
        assertThatThrownBy(() -> Kubeconfigs.load(Optional.of(bad)))
                .isInstanceOf(WharfException.class).hasMessageContaining(bad.toString())
                .hasMessageContaining("cannot be read").hasMessageContaining("kubectl config view");
    }

    @Test
    void kubeconfigWithoutContextsSaysHowToAddOne() throws Exception {
        Path empty = write("empty", "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
        assertThatThrownBy(() -> Kubeconfigs.load(Optional.of(empty)))
                .isInstanceOf(WharfException.class).hasMessageContaining("has no contexts")
                .hasMessageContaining("kubectl config set-context");
    }
}
