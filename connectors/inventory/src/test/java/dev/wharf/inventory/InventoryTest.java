package dev.wharf.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class InventoryTest {
    static final String K8S = "k8s:lab";
    static final String HOST_SRC = "libvirt:qemu+tcp://h1/system";

    static Item pod(String name, State state) {
        return Item.builder(Item.idOf(K8S, Kind.POD, "default", name), K8S, Kind.POD, name)
                .namespace("default").state(state).isolation(Isolation.CONTAINER).runtime("runc").build();
    }

    static Item node(String name, String systemUuid) {
        return Item.builder(Item.idOf(K8S, Kind.NODE, null, name), K8S, Kind.NODE, name)
                .state(State.RUNNING).uuid(systemUuid).build();
    }

    static Item host() {
        return Item.builder(Item.idOf(HOST_SRC, Kind.HOST, null, "h1"), HOST_SRC, Kind.HOST, "h1")
                .state(State.RUNNING).build();
    }

    static Item domain(String name, String uuid) {
        return Item.builder(Item.idOf(HOST_SRC, Kind.VM, null, name), HOST_SRC, Kind.VM, name)
                .state(State.RUNNING).uuid(uuid).isolation(Isolation.VM).runtime("qemu")
                .on(host().id()).build();
    }

    /** Collects deltas synchronously. */
    static final class Recorder implements InventoryListener {
        final List<InventoryDelta> deltas = new CopyOnWriteArrayList<>();

        @Override
        public void onChange(InventoryDelta delta) {
            deltas.add(delta);
        }

        List<String> upsertedNames() {
            List<String> out = new ArrayList<>();
            deltas.forEach(d -> d.upserted().forEach(i -> out.add(i.name())));
            return out;
        }
    }

    @Test
    void newListenerGetsTheWholeInventoryFirstThenChanges() {
        Inventory inv = new Inventory(Runnable::run);
        inv.put(pod("a", State.RUNNING));
        Recorder r = new Recorder();
        inv.subscribe(r);
        inv.put(pod("b", State.PENDING));

        assertThat(r.deltas).hasSize(2);
        assertThat(r.deltas.get(0).initial()).isTrue();
        assertThat(r.deltas.get(0).upserted()).extracting(Item::name).containsExactly("a");
        assertThat(r.deltas.get(1).initial()).isFalse();
        assertThat(r.deltas.get(1).upserted()).extracting(Item::name).containsExactly("b");
    }

    @Test
    void changesMadeWhileAListenerIsBusyAreCoalescedLastWriteWins() throws Exception {
        ExecutorService dispatch = Executors.newSingleThreadExecutor();
        Inventory inv = new Inventory(dispatch);
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<InventoryDelta> seen = new CopyOnWriteArrayList<>();
        inv.subscribe(d -> {
            seen.add(d);
            if (seen.size() == 2) { // first change after the initial delta: hold the dispatcher
                inListener.countDown();
                await(release);
            }
        });
        assertThat(inv.awaitDelivered(Duration.ofSeconds(5))).isTrue(); // the initial delta is out
        inv.put(pod("web", State.PENDING));
        assertThat(inListener.await(5, TimeUnit.SECONDS)).isTrue();

        // While the listener is busy, 100 writes to one pod and an add+remove of another.
        for (int i = 0; i < 100; i++) {
            inv.put(pod("web", i % 2 == 0 ? State.STARTING : State.RUNNING).toBuilder().status("v" + i).build());
        }
        inv.put(pod("ghost", State.RUNNING));
        inv.remove(Item.idOf(K8S, Kind.POD, "default", "ghost"));
        release.countDown();
        assertThat(inv.awaitDelivered(Duration.ofSeconds(5))).isTrue();

        assertThat(seen).hasSize(3);
        InventoryDelta coalesced = seen.get(2);
        assertThat(coalesced.upserted()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("web");
            assertThat(i.status()).isEqualTo("v99");
            assertThat(i.state()).isEqualTo(State.RUNNING);
        });
        assertThat(coalesced.upserted()).extracting(Item::name).doesNotContain("ghost");
        dispatch.shutdownNow();
    }

    @Test
    void noListenerIsCalledWithTheStoreLocked() throws Exception {
        ExecutorService dispatch = Executors.newSingleThreadExecutor();
        Inventory inv = new Inventory(dispatch);
        AtomicBoolean otherThreadCouldWrite = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        inv.subscribe(d -> {
            if (d.initial()) {
                return;
            }
            // Another thread writes and reads while we are inside the listener: it must not wait for us.
            Thread t = new Thread(() -> {
                inv.put(pod("from-other-thread", State.RUNNING));
                otherThreadCouldWrite.set(inv.get(Item.idOf(K8S, Kind.POD, "default", "from-other-thread")).isPresent());
            });
            t.start();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        assertThat(inv.awaitDelivered(Duration.ofSeconds(5))).isTrue(); // the initial delta is out
        inv.put(pod("a", State.RUNNING));
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(otherThreadCouldWrite).isTrue();
        dispatch.shutdownNow();
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        Inventory inv = new Inventory(Runnable::run);
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });
        inv.subscribe(d -> {
            throw new IllegalStateException("boom");
        });
        Recorder r = new Recorder();
        inv.subscribe(r);
        inv.put(pod("a", State.RUNNING));
        assertThat(r.upsertedNames()).contains("a");
    }

    @Test
    void replaceAllConvergesWithNoGhostsAndLeavesOtherSourcesAlone() {
        Inventory inv = new Inventory(Runnable::run);
        inv.putAll(List.of(pod("a", State.RUNNING), pod("b", State.RUNNING), pod("c", State.RUNNING)));
        inv.put(host());
        Recorder r = new Recorder();
        inv.subscribe(r);

        inv.replaceAll(K8S, List.of(pod("b", State.FAILED), pod("d", State.PENDING)));

        assertThat(inv.snapshot().items()).extracting(Item::name).containsExactlyInAnyOrder("b", "d", "h1");
        InventoryDelta change = r.deltas.get(1);
        assertThat(change.removed()).containsExactlyInAnyOrder(
                Item.idOf(K8S, Kind.POD, "default", "a"), Item.idOf(K8S, Kind.POD, "default", "c"));
        assertThat(change.upserted()).extracting(Item::name).containsExactlyInAnyOrder("b", "d");
    }

    @Test
    void replaceAllRejectsItemsOfAnotherSource() {
        Inventory inv = new Inventory(Runnable::run);
        assertThatThrownBy(() -> inv.replaceAll("k8s:other", List.of(pod("a", State.RUNNING))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not of source");
    }

    @Test
    void markStaleKeepsItemsAndFlagsThem() {
        Inventory inv = new Inventory(Runnable::run);
        inv.putAll(List.of(pod("a", State.RUNNING), host()));
        inv.markStale(K8S, true);
        assertThat(inv.snapshot().items()).filteredOn(i -> i.source().equals(K8S))
                .singleElement().satisfies(i -> assertThat(i.stale()).isTrue());
        assertThat(inv.get(host().id())).get().extracting(Item::stale).isEqualTo(false);
        inv.markStale(K8S, false);
        assertThat(inv.snapshot().items()).noneMatch(Item::stale);
    }

    @Test
    void aNodeWhoseSystemUuidIsADomainsUuidRunsOnThatDomainsHostInEitherOrder() {
        String uuid = "6B29FC40-CA47-1067-B31D-00DD010662DA"; // nodes report upper case, libvirt lower case
        for (boolean nodeFirst : new boolean[] {true, false}) {
            Inventory inv = new Inventory(Runnable::run);
            inv.put(host());
            if (nodeFirst) {
                inv.put(node("worker-1", uuid));
                inv.put(domain("k8s-worker-1", uuid.toLowerCase()));
            } else {
                inv.put(domain("k8s-worker-1", uuid.toLowerCase()));
                inv.put(node("worker-1", uuid));
            }
            Item n = inv.get(Item.idOf(K8S, Kind.NODE, null, "worker-1")).orElseThrow();
            Item d = inv.get(Item.idOf(HOST_SRC, Kind.VM, null, "k8s-worker-1")).orElseThrow();
            assertThat(n.on()).as("node first: %s", nodeFirst).isEqualTo(host().id());
            assertThat(n.properties()).containsEntry("Runs as", "VM k8s-worker-1 on h1");
            assertThat(n.facet(NodePlacement.class)).contains(new NodePlacement(NodePlacement.Placement.VM, host().id(),
                    "libvirt domain k8s-worker-1 on host h1 has the node's system UUID"));
            assertThat(d.carries()).isEqualTo(n.id());
        }
    }

    @Test
    void aNodeWithoutAMatchingDomainOrOtherEvidenceHasAnUnknownPlacementAndTheLinkGoesWhenTheDomainGoes() {
        Inventory inv = new Inventory(Runnable::run);
        String uuid = "11111111-2222-3333-4444-555555555555";
        inv.put(host());
        inv.put(domain("vm-a", uuid));
        inv.put(node("worker-1", uuid));
        Recorder r = new Recorder();
        inv.subscribe(r);

        inv.remove(domain("vm-a", uuid).id());

        Item n = inv.get(Item.idOf(K8S, Kind.NODE, null, "worker-1")).orElseThrow();
        assertThat(n.on()).isNull();
        assertThat(n.properties().get("Runs as")).startsWith("placement unknown (no libvirt domain has its system UUID");
        assertThat(n.facet(NodePlacement.class).orElseThrow().placement()).isEqualTo(NodePlacement.Placement.UNKNOWN);
        assertThat(n.facet(NodePlacement.class).orElseThrow().host()).isNull();
        assertThat(r.deltas.get(1).upserted()).extracting(Item::name).contains("worker-1");
        assertThat(r.deltas.get(1).removed()).contains(domain("vm-a", uuid).id());
    }

    @Test
    void aNodeKeepsThePlacementItsConnectorFoundUntilADomainWithItsUuidAppears() {
        Inventory inv = new Inventory(Runnable::run);
        String uuid = "11111111-2222-3333-4444-555555555555";
        NodePlacement fromLabels = new NodePlacement(NodePlacement.Placement.BARE_METAL, null,
                "Node Feature Discovery labels without cpu-cpuid.HYPERVISOR");
        inv.put(node("worker-1", uuid).toBuilder().facet(fromLabels).build());
        String id = Item.idOf(K8S, Kind.NODE, null, "worker-1");
        assertThat(inv.get(id).orElseThrow().facet(NodePlacement.class)).contains(fromLabels);
        assertThat(inv.get(id).orElseThrow().properties().get("Runs as"))
                .isEqualTo("bare metal (Node Feature Discovery labels without cpu-cpuid.HYPERVISOR)");

        inv.put(host());
        inv.put(domain("vm-a", uuid));
        assertThat(inv.get(id).orElseThrow().facet(NodePlacement.class).orElseThrow().placement())
                .isEqualTo(NodePlacement.Placement.VM);
    }

    @Test
    void removingASourceRemovesItsItemsAndUnlinksNodes() {
        Inventory inv = new Inventory(Runnable::run);
        String uuid = "11111111-2222-3333-4444-555555555555";
        inv.putSource(new SourceInfo(HOST_SRC, SourceType.LIBVIRT, "h1", SourceStatus.CONNECTED, ""));
        inv.putAll(List.of(host(), domain("vm-a", uuid), node("worker-1", uuid)));
        inv.removeSource(HOST_SRC);
        InventorySnapshot s = inv.snapshot();
        assertThat(s.sources()).isEmpty();
        assertThat(s.items()).extracting(Item::name).containsExactly("worker-1");
        assertThat(s.items().get(0).on()).isNull();
    }

    @Test
    void sourceStatusChangesArePublishedOnlyWhenTheyChange() {
        Inventory inv = new Inventory(Runnable::run);
        Recorder r = new Recorder();
        inv.subscribe(r);
        SourceInfo s = new SourceInfo(K8S, SourceType.KUBERNETES, "lab", SourceStatus.CONNECTING, null);
        inv.putSource(s);
        inv.putSource(s);
        inv.putSource(s.with(SourceStatus.ERROR, "connection refused"));
        assertThat(r.deltas).hasSize(3); // initial + 2 real changes
        assertThat(r.deltas.get(2).sources()).singleElement()
                .extracting(SourceInfo::message).isEqualTo("connection refused");
    }

    @Test
    void concurrentWritersEndInAConsistentStoreAndListenersSeeEveryFinalValue() throws Exception {
        Inventory inv = new Inventory();
        Map<String, Item> lastSeen = new ConcurrentHashMap<>();
        inv.subscribe(d -> {
            d.upserted().forEach(i -> lastSeen.put(i.id(), i));
            d.removed().forEach(lastSeen::remove);
        });
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    inv.put(pod("p" + writer + "-" + (i % 50), State.RUNNING).toBuilder().status("s" + i).build());
                }
            });
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(inv.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        assertThat(lastSeen.values()).containsExactlyInAnyOrderElementsOf(inv.snapshot().items());
        assertThat(lastSeen).hasSize(200);
        // The last write to key k (i % 50 == k) was i = 1950 + k.
        assertThat(lastSeen.values()).allSatisfy(i -> assertThat(i.status())
                .isEqualTo("s" + (1950 + Integer.parseInt(i.name().substring(i.name().indexOf('-') + 1)))));
        inv.close();
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
