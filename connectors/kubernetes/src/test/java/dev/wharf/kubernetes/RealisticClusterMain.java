package dev.wharf.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark helper (not a test): a mock API server holding N realistic pods (the
 * {@link CacheHeapBenchmark}'s, on 2,000 nodes' names) for the real desktop or CLI to connect to,
 * until killed. Writes a kubeconfig to the path given. Run: see this module's README.
 * Args: {@code PODS KUBECONFIG}.
 */
public final class RealisticClusterMain {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path kubeconfig = Path.of(args[1]);
        KubernetesMockServer server = MockCluster.crudServer();
        server.init(InetAddress.getLoopbackAddress(), 0);
        // The mock ignores limit/continue: serve the pages a real API server would, 500 pods each.
        String template = CacheHeapBenchmark.template();
        int page = (int) KubernetesInformers.PAGE;
        long bytes = 0;
        for (int from = 0, p = 0; from < n; from += page, p++) {
            String list = CacheHeapBenchmark.podList(template, from, Math.min(n, from + page),
                    from + page < n ? "page-" + (p + 1) : null);
            bytes += list.length();
            String query = p == 0 ? "?limit=" + page : "?continue=page-" + p + "&limit=" + page;
            server.expect().get().withPath("/api/v1/pods" + query).andReturn(200, list).always();
            if (p > 0) {
                server.expect().get().withPath("/api/v1/pods?limit=" + page + "&continue=page-" + p).andReturn(200, list).always();
            }
        }
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: bench
                  cluster:
                    server: http://127.0.0.1:%d
                users:
                - name: bench
                  user:
                    token: bench-token
                contexts:
                - name: bench
                  context:
                    cluster: bench
                    user: bench
                    extensions:
                    - name: wharf.dev/allow-plain-http
                      extension: true
                current-context: bench
                """.formatted(server.getPort()));
        System.out.printf("serving %,d realistic pods (%,d MB of JSON in pages of 500) on port %d; kubeconfig %s%n", n,
                bytes >> 20, server.getPort(), kubeconfig);
        Thread.currentThread().join();
    }

    private RealisticClusterMain() {
    }
}
