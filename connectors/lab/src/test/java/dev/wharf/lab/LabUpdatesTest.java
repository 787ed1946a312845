package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab's API answers an update (PUT) as a real API server: {@code ?dryRun=All} stores nothing, a
 * stale resourceVersion is a 409 Conflict, the status (a subresource) and the server's metadata are
 * kept, and KubeVirt's admission warning comes back as a {@code Warning} header. Plain HTTP, so that
 * codes, headers and bodies are seen as any client sees them. The cluster alone (no libvirt).
 */
class LabUpdatesTest {
    static final String VM = "/apis/kubevirt.io/v1/namespaces/analytics/virtualmachines/etl-worker";
    static final String POD = "/api/v1/namespaces/shop/pods/redis-0";
    static LabCluster cluster;

    @BeforeAll
    static void start() {
        cluster = LabCluster.start(Duration.ofHours(1), Clock.systemUTC()); // no KubeVirt transition meanwhile
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static ObjectNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        assertThat(r.statusCode()).isEqualTo(200);
        return (ObjectNode) Serialization.jsonMapper().readTree(r.body());
    }

    static HttpResponse<String> put(String path, JsonNode body) throws Exception {
        return send("PUT", path, Serialization.jsonMapper().writeValueAsString(body));
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return LabTesting.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The object as an editor sends it: without status and the metadata the server manages. */
    static ObjectNode edited(ObjectNode live) {
        ObjectNode o = live.deepCopy();
        o.remove("status");
        ObjectNode m = (ObjectNode) o.get("metadata");
        for (String f : new String[] {"uid", "creationTimestamp", "generation", "managedFields"}) {
            m.remove(f);
        }
        return o;
    }

    static String rv(JsonNode o) {
        return o.path("metadata").path("resourceVersion").asText();
    }

    @Test
    void aDryRunAnswersTheObjectItWouldStoreAndStoresNothing() throws Exception {
        ObjectNode live = get(VM);
        ObjectNode e = edited(live);
        ((ObjectNode) e.get("metadata").get("labels")).put("tier", "batch");

        HttpResponse<String> r = put(VM + "?dryRun=All", e);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = Serialization.jsonMapper().readTree(r.body());
        assertThat(answer.at("/metadata/labels/tier").asText()).isEqualTo("batch");
        assertThat(answer.at("/status/printableStatus").asText()).as("the status stays").isEqualTo(
                live.at("/status/printableStatus").asText()).isNotEmpty();
        assertThat(answer.at("/metadata/uid").asText()).isEqualTo(live.at("/metadata/uid").asText());
        assertThat(r.headers().allValues("Warning")).isEmpty();

        ObjectNode after = get(VM);
        assertThat(after.at("/metadata/labels/tier").isMissingNode()).as("nothing stored").isTrue();
        assertThat(rv(after)).isEqualTo(rv(live));

        assertThat(put(VM + "?dryRun=Some", e).statusCode()).isEqualTo(400);
    }

    @Test
    void aStaleResourceVersionIsAConflictAndTheCurrentOneUpdatesKeepingTheStatus() throws Exception {
        ObjectNode live = get(POD);
        ObjectNode mine = edited(live);
        ((ObjectNode) mine.get("metadata").with("labels")).put("edited-by", "me");
        // someone else writes first (with the current version): the server's version moves on
        ObjectNode theirs = edited(live);
        ((ObjectNode) theirs.get("metadata").with("labels")).put("owner", "ops");
        HttpResponse<String> first = put(POD, theirs);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        ObjectNode now = get(POD);
        assertThat(rv(now)).isNotEqualTo(rv(live));
        assertThat(now.at("/status/phase").asText()).as("a PUT of the object keeps its status").isEqualTo(
                live.at("/status/phase").asText()).isNotEmpty();
        assertThat(now.at("/metadata/uid").asText()).isEqualTo(live.at("/metadata/uid").asText());
        assertThat(now.at("/metadata/labels/owner").asText()).isEqualTo("ops");

        HttpResponse<String> stale = put(POD, mine);
        assertThat(stale.statusCode()).isEqualTo(409);
        JsonNode status = Serialization.jsonMapper().readTree(stale.body());
        assertThat(status.path("reason").asText()).isEqualTo("Conflict");
        assertThat(status.path("message").asText()).isEqualTo("Operation cannot be fulfilled on pods \"redis-0\": the "
                + "object has been modified; please apply your changes to the latest version and try again");
        assertThat(stale.headers().firstValue("Content-Type")).hasValue("application/json");
        // the stale dry run is refused alike, and nothing of "mine" was stored
        assertThat(put(POD + "?dryRun=All", mine).statusCode()).isEqualTo(409);
        assertThat(get(POD).at("/metadata/labels/edited-by").isMissingNode()).isTrue();
        assertThat(rv(get(POD))).isEqualTo(rv(now));
    }

    @Test
    void theSpecGenerationMovesOnAndKubeVirtsDeprecationWarningIsAHeader() throws Exception {
        ObjectNode live = get(VM);
        long generation = live.at("/metadata/generation").asLong();
        ObjectNode e = edited(live);
        ObjectNode spec = (ObjectNode) e.get("spec");
        spec.remove("runStrategy");
        spec.put("running", true);

        HttpResponse<String> dry = put(VM + "?dryRun=All", e);
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(dry.headers().allValues("Warning"))
                .containsExactly("299 - \"spec.running is deprecated, please use spec.runStrategy instead.\"");
        assertThat(get(VM).at("/spec/runStrategy").isMissingNode()).as("nothing stored").isFalse();

        ObjectNode again = edited(get(VM));
        ((ObjectNode) again.at("/spec/template/spec/domain")).with("cpu").put("cores", 3);
        HttpResponse<String> r = put(VM, again);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().allValues("Warning")).isEmpty();
        ObjectNode stored = get(VM);
        assertThat(stored.at("/spec/template/spec/domain/cpu/cores").asInt()).isEqualTo(3);
        assertThat(stored.at("/metadata/generation").asLong()).isEqualTo(generation + 1);
        assertThat(stored.at("/status/printableStatus").asText()).isEqualTo(live.at("/status/printableStatus").asText());

        ObjectNode renamed = edited(stored);
        ((ObjectNode) renamed.get("metadata")).put("name", "other");
        assertThat(put(VM, renamed).statusCode()).isEqualTo(400);
    }
}
