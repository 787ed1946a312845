package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.app.Main;
import dev.wharf.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code wharf snapshot} as a user runs it against the lab's KubeVirt (whose snapshot controller answers). */
class SnapshotCommandLabTest {
    private static Lab lab;

    @BeforeAll
    static void startLab() {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
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
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void createListRevertDelete() throws Exception {
        Run created = wharf("snapshot", "create", "vm/shop/win-pos", "pos-before", "--description", "before the update");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("vm/shop/win-pos: snapshot pos-before taken (disks only)");

        JsonNode snap = null;
        for (int i = 0; i < 50; i++) {
            Run list = wharf("snapshot", "list", "vm/shop/win-pos", "-o", "json");
            assertThat(list.code()).as(list.err()).isZero();
            JsonNode doc = new ObjectMapper().readTree(list.out());
            assertThat(doc.get("item").asText()).endsWith("vm/shop/win-pos");
            assertThat(doc.get("unavailable").isNull()).isTrue();
            assertThat(doc.get("notes").toString()).contains("Disk rootdisk is left out of snapshots");
            snap = doc.get("snapshots").get(0);
            if (snap.get("readyToUse").asBoolean()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(snap.get("name").asText()).isEqualTo("pos-before");
        assertThat(snap.get("description").asText()).isEqualTo("before the update");
        assertThat(snap.get("phase").asText()).isEqualTo("Succeeded");
        assertThat(snap.get("readyToUse").asBoolean()).isTrue();

        Run table = wharf("snapshot", "list", "vm/shop/win-pos");
        assertThat(table.out()).contains("NAME", "PHASE", "READY", "pos-before", "Succeeded", "true", "before the update");
        assertThat(table.err()).contains("wharf: Disk rootdisk is left out of snapshots");

        // stdin is not a terminal: no question
        Run reverted = wharf("snapshot", "revert", "vm/shop/win-pos", "pos-before");
        assertThat(reverted.code()).as(reverted.err()).isZero();
        assertThat(reverted.out()).contains("reverted to snapshot pos-before");

        Run running = wharf("snapshot", "revert", "vm/shop/legacy-erp", "pos-before", "--yes");
        assertThat(running.code()).isEqualTo(1);
        assertThat(running.err()).contains("only into a stopped VM. Stop it first").contains("wharf act stop vm/shop/legacy-erp");

        Run deleted = wharf("snapshot", "delete", "vm/shop/win-pos", "pos-before");
        assertThat(deleted.code()).as(deleted.err()).isZero();
        assertThat(wharf("snapshot", "list", "vm/shop/win-pos").out()).contains("No snapshots.");
    }

    @Test
    void usageErrors() {
        Run noName = wharf("snapshot", "create", "vm/shop/win-pos");
        assertThat(noName.code()).isEqualTo(2);
        assertThat(noName.err()).contains("needs the snapshot's NAME");
        Run verb = wharf("snapshot", "take", "vm/shop/win-pos", "x");
        assertThat(verb.code()).isEqualTo(2);
        assertThat(verb.err()).contains("'take' is no snapshot command");
        Run pod = wharf("snapshot", "list", "pod/kube-system/kube-proxy-clrnk");
        assertThat(pod.code()).isEqualTo(1);
        assertThat(pod.err()).contains("cannot be snapshotted: only libvirt domains and KubeVirt VMs can");
    }
}
