package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.app.Main;
import dev.wharf.libvirt.LibvirtConnection;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real command line on libvirt's built-in test driver ({@code test:///default}: one running
 * domain "test"; its state is shared within this JVM only). Needs libvirt0; in CI (CI=true) a
 * missing libvirt fails the test, elsewhere it is skipped with the reason.
 */
class LibvirtCliTest {
    private static final String URI = "test:///default";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void needsLibvirt() {
        Optional<String> missing = LibvirtConnection.unavailableReason();
        if (missing.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("libvirt is required in CI: " + missing.get());
            }
            Assumptions.abort("libvirt is not installed here: " + missing.get());
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JsonNode domain() throws Exception {
        assertThat(run("ls", "-o", "json", "--libvirt", URI)).as(err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(doc.get("sources")).singleElement().satisfies(s -> {
            assertThat(s.get("type").asText()).isEqualTo("libvirt");
            assertThat(s.get("status").asText()).isEqualTo("connected");
        });
        JsonNode host = null;
        JsonNode test = null;
        for (JsonNode i : doc.get("items")) {
            if (i.get("kind").asText().equals("host")) {
                host = i;
            } else if (i.get("name").asText().equals("test")) {
                test = i;
            }
        }
        assertThat(host).as("a host item").isNotNull();
        assertThat(test).as("the domain 'test'").isNotNull();
        assertThat(test.get("kind").asText()).isEqualTo("vm");
        assertThat(test.get("namespace").isNull()).isTrue();
        assertThat(test.get("on").asText()).isEqualTo(host.get("id").asText());
        assertThat(test.get("uuid").asText()).matches("[0-9a-f-]{36}");
        return test;
    }

    @Test
    void listsTheHostAndItsDomainAndActsOnItByUriPath() throws Exception {
        JsonNode test = domain();
        assertThat(test.get("state").asText()).isEqualTo("running");
        assertThat(test.get("actions")).extracting(JsonNode::asText).contains("pause");

        assertThat(run("act", "pause", "vm/" + URI + "/test", "--libvirt", URI)).as(err()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("vm/" + URI + "/test: pause requested\n");
        assertThat(domain().get("state").asText()).isEqualTo("paused");

        assertThat(run("act", "pause", "vm/" + URI + "/test", "--libvirt", URI)).isEqualTo(1);
        assertThat(err()).startsWith("wharf: vm/" + URI + "/test is paused: it accepts ").contains("resume");

        assertThat(run("act", "resume", test.get("uuid").asText(), "--libvirt", URI)).as(err()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("vm/test: resume requested\n");
        assertThat(domain().get("state").asText()).isEqualTo("running");
    }

    @Test
    void aMalformedUriIsOneLineAndExitOne() {
        assertThat(run("ls", "--libvirt", "qemu:/system")).isEqualTo(1);
        assertThat(err().lines().toList()).singleElement().asString().startsWith("wharf: ").contains("qemu:/system");
    }

    @Test
    void anUnreachableDaemonIsOneLineAndExitOne() {
        assertThat(run("ls", "--libvirt", "qemu+tcp://127.0.0.1:1/system")).isEqualTo(1);
        assertThat(err().lines().toList()).singleElement().asString()
                .startsWith("wharf: libvirt ").contains("127.0.0.1:1").doesNotContain("\tat ");
    }
}
