package dev.wharf.app.cli;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** What Wharf asks before it lists (a CRUD mock serves no discovery): a Kubernetes version and /api. */
final class MockDiscovery {
    private MockDiscovery() {
    }

    static void serve(KubernetesMockServer server) {
        server.expect().get().withPath("/version").andReturn(200, "{\"major\":\"1\",\"minor\":\"31\","
                + "\"gitVersion\":\"v1.31.0\"}").always();
        server.expect().get().withPath("/api").andReturn(200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}")
                .always();
    }
}
