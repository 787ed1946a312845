package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.app.Main;
import dev.wharf.lab.Lab;
import dev.wharf.libvirt.LibvirtConnection;
import dev.wharf.libvirt.guest.TinyGuest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code wharf top -o json} against the lab as {@code wharf top --lab} sees it: the lab's
 * metrics-server for nodes and pods, and its real tiny QEMU guest (the busy one) over libvirt.
 * In CI (CI=true) a missing QEMU/libvirt/guest kernel fails; elsewhere the test is skipped with the reason.
 */
class TopLabIT {
    private static Lab lab;

    @BeforeAll
    static void startLab() {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.EMBEDDED_QEMU, 1, Duration.ofMillis(300)));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    record Run(int code, String out, String err) { }

    private static Run wharf(String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", lab.kubeconfig().toString()));
        for (String uri : lab.libvirtUris()) {
            all.addAll(List.of("--libvirt", uri));
        }
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void requireRealGuests() {
        if (lab.libvirtUris().stream().noneMatch(u -> u.startsWith("qemu"))) {
            String why = "the lab has no real guests: " + lab.notice() + " "
                    + LibvirtConnection.unavailableReason().orElse("") + " "
                    + TinyGuest.missingReason(TinyGuest.defaultDir());
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI needs the embedded QEMU guest for this test: " + why);
            }
            Assumptions.abort(why);
        }
    }

    private static List<JsonNode> items(Run r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).get("items").forEach(out::add);
        return out;
    }

    @Test
    void nodesPodsAndTheRealGuestsHaveCpu() throws Exception {
        requireRealGuests();
        List<JsonNode> items = items(wharf("top", "-o", "json"));
        // every node measured by the lab's metrics-server
        List<JsonNode> nodes = items.stream().filter(i -> i.get("kind").asText().equals("node")).toList();
        assertThat(nodes).isNotEmpty();
        for (JsonNode n : nodes) {
            assertThat(n.at("/cpu/cores").isNumber()).as(n.toString()).isTrue();
            assertThat(n.at("/cpu/cores").asDouble()).as(n.toString()).isPositive();
            assertThat(n.at("/memory/bytes").asLong()).as(n.toString()).isPositive();
        }
        // pods: measured ones with CPU; gVisor sandboxes n/a (null), never 0
        List<JsonNode> pods = items.stream().filter(i -> i.get("kind").asText().equals("pod")).toList();
        assertThat(pods.stream().filter(p -> p.at("/cpu/cores").asDouble() > 0)).hasSizeGreaterThan(10);
        List<JsonNode> microvms = items.stream().filter(i -> i.get("kind").asText().equals("microvm")).toList();
        assertThat(microvms).anyMatch(m -> m.at("/cpu/cores").isNull() && m.at("/memory/bytes").isNull());
        assertThat(items).noneMatch(i -> i.at("/cpu/cores").isNumber() && i.at("/cpu/cores").asDouble() == 0);
        // the real guests, from libvirt: the busy one well above idle, with a window of two samples (seconds, at least one)
        List<JsonNode> guests = items.stream().filter(i -> i.get("source").asText().startsWith("libvirt")
                && i.at("/cpu/percent").isNumber()).toList();
        assertThat(guests).as(items.toString()).isNotEmpty();
        assertThat(guests).anyMatch(g -> g.at("/cpu/percent").asDouble() > 30);
        assertThat(guests).allMatch(g -> g.at("/cpu/cores").asDouble() > 0 && g.get("window").asDouble() >= 1.0);
    }

    @Test
    void sortedByCpuTheBusiestComesFirst() throws Exception {
        requireRealGuests();
        List<JsonNode> items = items(wharf("top", "pods", "--sort", "cpu", "-o", "json"));
        List<Double> cpu = items.stream().filter(i -> i.at("/cpu/cores").isNumber())
                .map(i -> i.at("/cpu/cores").asDouble()).toList();
        assertThat(cpu).isNotEmpty().isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(items.get(items.size() - 1).at("/cpu/cores").isNull()).as("n/a last").isTrue();
    }
}
