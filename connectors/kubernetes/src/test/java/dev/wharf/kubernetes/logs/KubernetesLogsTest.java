package dev.wharf.kubernetes.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.WharfException;
import dev.wharf.kubernetes.mapping.LogStreamsMapper;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesLogsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private FakeLogServer server;
    private KubernetesClient client;
    private ExecutorService blocking;
    private KubernetesLogs logs;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeLogServer();
        server.now(T0.plusSeconds(3600));
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(server.url())
                .withRequestRetryBackoffLimit(0).build()).build();
        blocking = Executors.newCachedThreadPool();
        logs = new KubernetesLogs(client, blocking, key -> null, 200);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
        blocking.shutdownNow();
    }

    @Test
    void aFollowStreamCutInTheMiddleResumesWithoutLossOrDuplicateAcrossLinesOfOneTimestamp() throws Exception {
        server.pod(pod("web", List.of("app"), 0, "containerd://a1"));
        Instant same = T0.plusMillis(5_250).plusNanos(17);
        // L1..L3 in the same second as the cut, earlier; L4..L6 share one timestamp; the cut falls between L5 and L6
        server.append("shop", "web", "app", T0.plusMillis(5_001), "L1");
        server.append("shop", "web", "app", T0.plusMillis(5_100), "L2");
        server.append("shop", "web", "app", T0.plusMillis(5_200), "L3");
        server.append("shop", "web", "app", same, "L4");
        server.append("shop", "web", "app", same, "L5");
        Collector c = open(podItem("web"), LogRequest.of("app").withFollow(true));
        c.await(l -> "L5".equals(l.text()));
        server.cut();
        server.append("shop", "web", "app", same, "L6 same timestamp as L4 and L5");
        server.append("shop", "web", "app", T0.plusMillis(5_251), "L7");
        server.append("shop", "web", "app", T0.plusSeconds(6), "L8");
        c.await(l -> "L8".equals(l.text()));
        server.cut(); // again, right after the last line
        server.append("shop", "web", "app", T0.plusSeconds(7), "L9");
        c.await(l -> "L9".equals(l.text()));
        assertThat(c.texts()).containsExactly("L1", "L2", "L3", "L4", "L5", "L6 same timestamp as L4 and L5", "L7", "L8", "L9");
        assertThat(server.logQueries).element(1).asString().contains("sinceTime=2026-12-02T10%3A00%3A05Z")
                .contains("follow=true").contains("timestamps=true");
        assertThat(c.lines.get(3).timestamp()).isEqualTo("2026-12-02T10:00:05.250000017Z");
        c.feed.close();
        c.awaitEnd();
    }

    @Test
    void aRestartShowsTheOldInstancesLastLinesThenAMarkerThenTheNewInstance() throws Exception {
        server.pod(pod("web", List.of("app"), 0, "containerd://a1"));
        server.append("shop", "web", "app", T0.plusSeconds(1), "starting");
        server.append("shop", "web", "app", T0.plusSeconds(2), "allocating");
        Collector c = open(podItem("web"), LogRequest.of("app").withFollow(true));
        c.await(l -> "allocating".equals(l.text()));
        // the container dies: its last line reaches the file after the stream closed; the kubelet starts the next one
        server.cutLater();
        server.append("shop", "web", "app", T0.plusSeconds(3), "java.lang.OutOfMemoryError: Java heap space");
        server.pod(restarted(pod("web", List.of("app"), 1, "containerd://b2"), 137, "OOMKilled"));
        server.restart("shop", "web", "app");
        server.append("shop", "web", "app", T0.plusSeconds(10), "starting again");
        c.await(l -> "starting again".equals(l.text()));
        assertThat(c.texts()).containsExactly("starting", "allocating", "java.lang.OutOfMemoryError: Java heap space",
                "[RESTART] container app restarted (restart count 1): exit code 137, OOMKilled", "starting again");
        c.feed.close();
        c.awaitEnd();
    }

    @Test
    void aDeletedPodEndsItsStreamWithAMarkerAndTheLinesStay() throws Exception {
        server.pod(pod("web", List.of("app"), 0, "containerd://a1"));
        server.append("shop", "web", "app", T0.plusSeconds(1), "serving");
        Collector c = open(podItem("web"), LogRequest.of("app").withFollow(true));
        c.await(l -> "serving".equals(l.text()));
        server.deletePod("shop", "web");
        assertThat(c.awaitEnd()).isNull();
        assertThat(c.texts()).containsExactly("serving", "[END] pod web was deleted; its log ends here");
    }

    @Test
    void tailSinceTimestampsPreviousAndEachContainerKindAreAskedAsTheApiServerDoes() throws Exception {
        Pod p = new PodBuilder(pod("web", List.of("app", "sidecar"), 1, "containerd://a1"))
                .editSpec().addNewInitContainer().withName("migrate").endInitContainer().endSpec().build();
        server.pod(p);
        for (int i = 1; i <= 5; i++) {
            server.append("shop", "web", "app", T0.plusSeconds(i * 60L), "app " + i);
        }
        server.append("shop", "web", "migrate", T0, "migrated 3 tables");
        server.append("shop", "web", "sidecar", T0.plusSeconds(90), "proxy up");

        assertThat(read(podItem("web"), LogRequest.of("app").withTailLines(2)).texts()).containsExactly("app 4", "app 5");
        server.now(T0.plusSeconds(5 * 60 + 30));
        assertThat(read(podItem("web"), LogRequest.of("app").withSinceSeconds(150L)).texts()).containsExactly("app 3", "app 4", "app 5");
        assertThat(server.logQueries.get(server.logQueries.size() - 1)).contains("sinceSeconds=150").contains("timestamps=true");
        assertThat(read(podItem("web"), LogRequest.of("migrate")).texts()).containsExactly("migrated 3 tables");
        Collector all = read(podItem("web"), LogRequest.of(null).withAllStreams(true));
        assertThat(all.lines).extracting(l -> l.origin() + " " + l.text()).containsExactly(
                "pod/web/migrate migrated 3 tables", "pod/web/app app 1", "pod/web/sidecar proxy up",
                "pod/web/app app 2", "pod/web/app app 3", "pod/web/app app 4", "pod/web/app app 5");
        Collector byDefault = read(podItem("web"), LogRequest.of(null).withTailLines(1));
        assertThat(byDefault.texts()).containsExactly(
                "[NOTICE] Defaulted container \"app\" out of: app, sidecar, migrate (init)", "app 5");

        Collector previous = open(podItem("web"), LogRequest.of("app").withPrevious(true));
        assertThat(previous.awaitEnd()).hasMessageContaining("previous terminated container \"app\" in pod \"web\" not found");
        server.restart("shop", "web", "app");
        assertThat(read(podItem("web"), LogRequest.of("app").withPrevious(true).withTailLines(1)).texts()).containsExactly("app 5");

        assertThatThrownBy(() -> logs.open(podItem("web"), LogRequest.of("nope")).get())
                .cause().isInstanceOf(WharfException.class)
                .hasMessage("container nope is not valid for pod web: choose one of app, sidecar, migrate");
    }

    @Test
    void aVmsGuestConsoleLogIsItsLauncherPodsGuestConsoleLogContainerAndSaysWhenItIsOff() throws Exception {
        Pod launcher = new PodBuilder(pod("virt-launcher-db-x7k2p", List.of("compute"), 0, "containerd://c1"))
                .editMetadata().addToLabels("kubevirt.io", "virt-launcher").addNewOwnerReference()
                .withApiVersion("kubevirt.io/v1").withKind("VirtualMachineInstance").withName("db").withUid("u1")
                .endOwnerReference().endMetadata()
                .editSpec().addNewInitContainer().withName("guest-console-log").endInitContainer().endSpec().build();
        server.pod(launcher);
        server.append("shop", "virt-launcher-db-x7k2p", "guest-console-log", T0, "[    0.000000] Linux version 6.1.0");
        server.append("shop", "virt-launcher-db-x7k2p", "guest-console-log", T0.plusSeconds(2), "db login:");
        server.append("shop", "virt-launcher-db-x7k2p", "compute", T0, "{\"level\":\"info\",\"msg\":\"Domain started\"}");
        GenericKubernetesResource vm = vm("db", null);
        Item item = Item.builder("k8s:t|vm/shop/db", "k8s:t", Kind.VM, "db").namespace("shop")
                .facet(LogStreamsMapper.ofVm(vm, null)).build();
        assertThat(read(item, LogRequest.of(null)).texts()).containsExactly("[    0.000000] Linux version 6.1.0", "db login:");
        assertThat(read(item, LogRequest.of("compute")).texts()).containsExactly("{\"level\":\"info\",\"msg\":\"Domain started\"}");

        Item off = item.toBuilder().facet(LogStreamsMapper.ofVm(vm("db", false), null)).build();
        assertThatThrownBy(() -> logs.open(off, LogRequest.of(null)).get()).cause()
                .hasMessageContaining("logSerialConsole: false").hasMessageContaining("set it to true and restart the VM")
                .hasMessageContaining("-c compute");
    }

    // ------------------------------------------------------------------ helpers

    private Collector open(Item item, LogRequest r) throws Exception {
        LogFeed feed = logs.open(item, r).get(20, TimeUnit.SECONDS);
        Collector c = new Collector(feed);
        feed.start(c);
        return c;
    }

    private Collector read(Item item, LogRequest r) throws Exception {
        Collector c = open(item, r);
        assertThat(c.awaitEnd()).isNull();
        return c;
    }

    private static Item podItem(String name) {
        return Item.builder("k8s:t|pod/shop/" + name, "k8s:t", Kind.POD, name).namespace("shop").build();
    }

    static Pod pod(String name, List<String> containers, int restarts, String containerId) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("shop").withName(name)
                .withCreationTimestamp("2026-12-02T09:00:00Z").endMetadata().withNewSpec().endSpec()
                .withNewStatus().withPhase("Running").endStatus();
        for (String c : containers) {
            b.editSpec().addNewContainer().withName(c).withImage("busybox").endContainer().endSpec();
            b.editStatus().addToContainerStatuses(new ContainerStatusBuilder().withName(c).withContainerID(containerId)
                    .withRestartCount(restarts).withNewState().withNewRunning().withStartedAt("2026-12-02T09:00:00Z")
                    .endRunning().endState().build()).endStatus();
        }
        return b.build();
    }

    private static Pod restarted(Pod p, int exitCode, String reason) {
        Pod copy = Serialization.clone(p);
        for (ContainerStatus s : copy.getStatus().getContainerStatuses()) {
            s.setLastState(new io.fabric8.kubernetes.api.model.ContainerStateBuilder().withNewTerminated()
                    .withExitCode(exitCode).withReason(reason).endTerminated().build());
        }
        return copy;
    }

    private static GenericKubernetesResource vm(String name, Boolean logSerialConsole) {
        String devices = logSerialConsole == null ? "{}" : "{\"logSerialConsole\":" + logSerialConsole + "}";
        return Serialization.unmarshal("{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachine\","
                + "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"shop\"},"
                + "\"spec\":{\"template\":{\"spec\":{\"domain\":{\"devices\":" + devices + "}}}}}",
                GenericKubernetesResource.class);
    }

    /** Collects a feed's lines; markers as "[KIND] text". */
    static final class Collector implements LogFeed.Listener {
        final LogFeed feed;
        final List<LogLine> lines = new CopyOnWriteArrayList<>();
        private final AtomicReference<Object> end = new AtomicReference<>();

        Collector(LogFeed feed) {
            this.feed = feed;
        }

        @Override
        public void onLine(LogLine line) {
            lines.add(line);
        }

        @Override
        public void onEnd(WharfException error) {
            end.set(error == null ? "ok" : error);
        }

        List<String> texts() {
            return lines.stream().map(l -> l.isMarker() ? "[" + l.kind() + "] " + l.text() : l.text()).toList();
        }

        void await(Predicate<LogLine> p) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (lines.stream().noneMatch(p)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no such line; got " + texts());
                }
                Thread.sleep(20);
            }
        }

        WharfException awaitEnd() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.get() == null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the feed did not end; got " + texts());
                }
                Thread.sleep(20);
            }
            return end.get() instanceof WharfException e ? e : null;
        }
    }
}
