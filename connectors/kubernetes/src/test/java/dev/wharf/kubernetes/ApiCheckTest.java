package dev.wharf.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.WharfException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What Wharf makes of answers to /version and /api, and of server URLs (pure functions). */
class ApiCheckTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String said(String path, int code, String type, String location, byte[] body) {
        ApiCheck.Problem p = ApiCheck.problem(path, code, type, location, body);
        return p == null ? null : p.message("prod", "https://k:6443/");
    }

    @Test
    void kubernetesAnswersPass() {
        assertThat(ApiCheck.problem("/version", 200, "application/json", null, b(MockCluster.VERSION))).isNull();
        assertThat(ApiCheck.problem("/api", 200, "application/json", null, b(MockCluster.API_VERSIONS))).isNull();
    }

    @Test
    void answersThatAreNotKubernetesSayWhatCameBack() {
        assertThat(said("/version", 404, "text/plain", null, b("404 page not found")))
                .isEqualTo("The server of context prod at https://k:6443/ is not a Kubernetes API: it answered 404 Not Found "
                        + "to /version with text (\"404 page not found\"). Check the server address (and path) in your kubeconfig");
        assertThat(said("/version", 200, "text/html", null, b("<html><title>Sign in</title></html>")))
                .contains("with an HTML page (\"Sign in\")");
        assertThat(said("/version", 200, "application/json", null, b("{}")))
                .contains("with JSON that is not a Kubernetes version ({})");
        assertThat(said("/version", 200, null, null, new byte[] {0, 1, 2, (byte) 0xff}))
                .contains("with 4 bytes of binary data").doesNotContain("\u0000");
        assertThat(said("/api", 200, "application/json", null, b(MockCluster.VERSION)))
                .contains("/api with JSON that is not a Kubernetes APIVersions");
        assertThat(said("/version", 200, "application/json", null, new byte[0])).contains("with an empty body");
    }

    @Test
    void redirectsAreSaidWithWhereTo() {
        assertThat(said("/version", 302, null, "https://sso.example/login?next=/version", new byte[0]))
                .contains("redirects /version to https://sso.example/login?next=/version (302)")
                .contains("Wharf follows no redirect");
    }

    @Test
    void fiveHundredsCarryTheServersMessage() {
        assertThat(said("/version", 503, "application/json", null, b("{\"kind\":\"Status\",\"code\":503,"
                + "\"message\":\"etcdserver: leader changed\"}")))
                .isEqualTo("The Kubernetes API of prod at https://k:6443/ answered 503 Service Unavailable to /version: "
                        + "etcdserver: leader changed: the cluster has a problem; try again later");
    }

    @Test
    void serverUrlsWithoutSchemeAreHttpsAndMalformedOnesAreSaid() {
        assertThat(ContextConfig.serverUrl("c", "k", "10.0.0.1:6443").toString()).isEqualTo("https://10.0.0.1:6443");
        assertThat(ContextConfig.serverUrl("c", "k", " http://h:8080/k8s ").toString()).isEqualTo("http://h:8080/k8s");
        assertThatThrownBy(() -> ContextConfig.serverUrl("c", "k", "https://exa mple:6443"))
                .isInstanceOf(WharfException.class).hasMessageContaining("is not a valid URL");
        assertThatThrownBy(() -> ContextConfig.serverUrl("c", "k", "https://h:99999"))
                .isInstanceOf(WharfException.class).hasMessageContaining("https://host:6443");
        assertThatThrownBy(() -> ContextConfig.serverUrl("c", "k", "gopher://h"))
                .isInstanceOf(WharfException.class).hasMessageContaining("is not an http(s) URL");
    }
}
