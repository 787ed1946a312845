package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Forward;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.PortForwarder;
import dev.wharf.kubernetes.KubernetesConnection;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Port-forwards through the lab to its real local servers, with Wharf's own forwarder over the
 * lab's websockets: a pod's web port serves a page naming the pod, a declared non-web port echoes,
 * a VM's port echoes raw bytes, an undeclared port is refused on the error channel, a deleted pod
 * ends its forward.
 */
class LabPortForwardIT {
    static Lab lab;
    static Inventory inventory;
    static KubernetesConnection connection;
    static PortForwarder forwarder;
    final List<Forward> forwards = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
        inventory = new Inventory(Runnable::run);
        connection = new KubernetesConnection("lab", lab.client(), inventory);
        connection.start();
        assertThat(connection.awaitInitialSync(Duration.ofSeconds(60))).as("initial sync").isTrue();
        forwarder = connection.capability(PortForwarder.class).orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
            connection.awaitClosed(Duration.ofSeconds(10));
        }
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void stopForwards() {
        forwards.forEach(Forward::stop);
    }

    static Item item(Kind kind, String ns, String name) {
        return inventory.get(Item.idOf("k8s:lab", kind, ns, name)).orElseThrow(() -> new AssertionError(name));
    }

    Forward forward(Item item, int port) throws Exception {
        Forward f = forwarder.forward(item, port, "127.0.0.1", 0).get(10, TimeUnit.SECONDS);
        forwards.add(f);
        return f;
    }

    @Test
    void aPodsWebPortServesItsPageToAnHttpClient() throws Exception {
        Item pod = item(Kind.POD, "shop", "storefront-5d7f9c8b6-dg5hd");
        assertThat(forwarder.ports(pod)).extracting(PortForwarder.Port::number).containsExactly(8080);
        Forward f = forward(pod, 8080);
        assertThat(f.bindAddress()).isEqualTo("127.0.0.1");

        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + f.localPort() + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Hello from pod shop/storefront-5d7f9c8b6-dg5hd");
        assertThat(f.bytesOut()).as("the request went out").isPositive();
        assertThat(f.bytesIn()).as("the page came back").isGreaterThanOrEqualTo(r.body().length());
        assertThat(f.status().state()).isEqualTo(Forward.State.ACTIVE);
    }

    @Test
    void tenConcurrentConnectionsEchoThroughOnePodForward() throws Exception {
        Forward f = forward(item(Kind.POD, "shop", "redis-0"), 6379);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<byte[][]>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int seed = i;
                results.add(pool.submit(() -> echo(f.localPort(), 200_000, seed)));
            }
            for (Future<byte[][]> r : results) {
                byte[][] sentAndBack = r.get(60, TimeUnit.SECONDS);
                assertThat(sentAndBack[1]).isEqualTo(sentAndBack[0]);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.totalConnections()).isEqualTo(10);
        assertThat(f.bytesOut()).isEqualTo(10 * 200_000L);
        assertThat(f.bytesIn()).isEqualTo(10 * 200_000L);
        eventually(() -> f.openConnections() == 0, "every connection closed");
    }

    @Test
    void aVmsPortEchoesRawBytes() throws Exception {
        Item vm = item(Kind.VM, "shop", "legacy-erp");
        Forward f = forward(vm, 22);
        byte[][] sentAndBack = echo(f.localPort(), 50_000, 7);
        assertThat(sentAndBack[1]).isEqualTo(sentAndBack[0]);
        assertThat(f.target()).isEqualTo("VM shop/legacy-erp");
    }

    @Test
    void anUndeclaredPortIsRefusedAndTheForwardStays() throws Exception {
        Forward f = forward(item(Kind.POD, "shop", "storefront-5d7f9c8b6-rw4dq"), 9999);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("hello".getBytes());
            assertThat(s.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
        }
        eventually(() -> f.status().message().contains("connection refused"), "the kubelet's refusal shown");
        assertThat(f.status().state()).isEqualTo(Forward.State.ACTIVE);
    }

    @Test
    void aDeletedPodEndsItsForwardAndReleasesThePort() throws Exception {
        Forward f = forward(item(Kind.POD, "shop", "postgres-0"), 5432);
        assertThat(echo(f.localPort(), 1000, 3)[1]).hasSize(1000);
        lab.client().pods().inNamespace("shop").withName("postgres-0").withGracePeriod(0).delete();

        eventually(() -> f.status().state() == Forward.State.TARGET_GONE, "target gone");
        assertThat(f.status().message()).contains("pod shop/postgres-0 is gone");
        eventually(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
                return false;
            } catch (ConnectException e) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, "the local port released");
    }

    @Test
    void aPausedVmIsRefusedWith409AndForwardsAgainOnceUnpaused() throws Exception {
        Forward f = forward(item(Kind.VM, "analytics", "etl-worker"), 22);
        String vmi = "/apis/subresources.kubevirt.io/v1/namespaces/analytics/virtualmachineinstances/etl-worker/";
        assertThat(LabTesting.put(lab, vmi + "pause", "{}").statusCode()).isEqualTo(202);
        try {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
                s.setSoTimeout(10_000);
                assertThat(s.getInputStream().read()).as("closed: nothing to forward to").isEqualTo(-1);
            }
            eventually(() -> f.status().state() == Forward.State.FAILED, "failed");
            assertThat(f.status().message()).isEqualTo("Could not forward to port 22 of VM analytics/etl-worker: "
                    + "the VM is paused (409). Unpause it; new connections will work again.");
        } finally {
            assertThat(LabTesting.put(lab, vmi + "unpause", "{}").statusCode()).isEqualTo(202);
        }
        byte[][] sentAndBack = echo(f.localPort(), 4096, 9);
        assertThat(sentAndBack[1]).isEqualTo(sentAndBack[0]);
        eventually(() -> f.status().state() == Forward.State.ACTIVE, "active again");
    }

    /** Sends {@code n} random bytes and reads as many back; returns both. */
    static byte[][] echo(int port, int n, long seed) throws IOException {
        byte[] sent = new byte[n];
        new Random(seed).nextBytes(sent);
        byte[] back = new byte[n];
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(sent);
                } catch (IOException e) {
                    // the read below fails then
                }
            });
            writer.start();
            InputStream in = s.getInputStream();
            new DataInputStream(in).readFully(back);
        }
        return new byte[][] {sent, back};
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
