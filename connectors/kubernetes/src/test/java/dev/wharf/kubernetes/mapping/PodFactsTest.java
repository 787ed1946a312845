package dev.wharf.kubernetes.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.PodSecurity;
import dev.wharf.inventory.PodSecurity.ContainerSecurity;
import dev.wharf.inventory.PodSecurity.ContainerType;
import dev.wharf.inventory.PodSecurity.HostPathVolume;
import dev.wharf.inventory.PodSecurity.HostPort;
import dev.wharf.inventory.RuntimeClassFacts;
import dev.wharf.inventory.Tenant;
import dev.wharf.kubernetes.Fixtures;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The isolation facts a pod item carries: security settings, its RuntimeClass, its tenant. */
class PodFactsTest {
    private final Ids ids = new Ids("k8s:test");

    private Item map(String file, String name, RuntimeClass rc, boolean readable, Tenant tenant) {
        return PodMapper.map(ids, Fixtures.named(file, Pod.class, name), rc, readable, Permissions.ALL, tenant);
    }

    @Test
    void everyContainerKindHostNamespacesHostPathsPortsOwnerAndOverhead() {
        PodSecurity s = map("isolation-pods.yaml", "node-agent-x7k2p", null, true, null)
                .facet(PodSecurity.class).orElseThrow();
        assertThat(s.containers()).containsExactly(
                new ContainerSecurity("setup", ContainerType.INIT, false, List.of("SYS_ADMIN"), null),
                new ContainerSecurity("agent", ContainerType.CONTAINER, true, List.of(), true),
                new ContainerSecurity("sidecar", ContainerType.CONTAINER, false, List.of("NET_ADMIN", "CAP_SYS_PTRACE"), false),
                new ContainerSecurity("debugger", ContainerType.EPHEMERAL, true, List.of(), null));
        assertThat(s.privilegedContainers()).containsExactly("agent", "debugger");
        assertThat(s.addedCapabilities()).containsExactly("SYS_ADMIN", "NET_ADMIN", "CAP_SYS_PTRACE");
        assertThat(s.hostPID()).isTrue();
        assertThat(s.hostNetwork()).isTrue();
        assertThat(s.hostIPC()).isFalse();
        assertThat(s.hostPaths()).as("read-only only when every mount is").containsExactly(
                new HostPathVolume("host-root", "/", true),
                new HostPathVolume("sock", "/run/containerd/containerd.sock", false),
                new HostPathVolume("data", "/data", true));
        assertThat(s.hostPorts()).containsExactly(new HostPort("agent", 9100, "TCP"));
        assertThat(s.ownerKind()).as("the controlling owner").isEqualTo("DaemonSet");
        assertThat(s.overhead()).isEqualTo(Map.of("cpu", "250m", "memory", "160Mi"));
    }

    @Test
    void aPlainPodHasNothingToSay() {
        Item i = map("isolation-pods.yaml", "plain", null, true, null);
        PodSecurity s = i.facet(PodSecurity.class).orElseThrow();
        assertThat(s.privileged()).isFalse();
        assertThat(s.sharesHostNamespace()).isFalse();
        assertThat(s.hostPaths()).isEmpty();
        assertThat(s.hostPorts()).isEmpty();
        assertThat(s.ownerKind()).isNull();
        assertThat(s.overhead()).isEmpty();
        assertThat(i.facet(RuntimeClassFacts.class)).as("no class named").isEmpty();
        assertThat(i.facet(Tenant.class)).as("its namespace is its tenant").contains(new Tenant("shop", null));
    }

    @Test
    void theRuntimeClassFoundMissingOrUnreadable() {
        RuntimeClass qemu = Fixtures.named("runtimeclasses.yaml", RuntimeClass.class, "kata-qemu");
        RuntimeClassFacts found = map("microvm-pods.yaml", "qemu-1", qemu, true, null)
                .facet(RuntimeClassFacts.class).orElseThrow();
        assertThat(found.status()).isEqualTo(RuntimeClassFacts.Status.FOUND);
        assertThat(found.handler()).isEqualTo("kata-qemu");
        assertThat(found.podFixed()).isEqualTo(Map.of("cpu", "250m", "memory", "160Mi"));
        assertThat(found.nodeSelector()).isEqualTo(Map.of("katacontainers.io/kata-runtime", "true"));

        RuntimeClassFacts gone = map("microvm-pods.yaml", "missing-1", null, true, null)
                .facet(RuntimeClassFacts.class).orElseThrow();
        assertThat(gone).isEqualTo(new RuntimeClassFacts("kata-gone", RuntimeClassFacts.Status.MISSING, null, Map.of(), Map.of()));

        RuntimeClassFacts hidden = map("microvm-pods.yaml", "gvisor-1", null, false, null)
                .facet(RuntimeClassFacts.class).orElseThrow();
        assertThat(hidden.status()).isEqualTo(RuntimeClassFacts.Status.UNREADABLE);
    }

    @Test
    void aTenantLabelGroupsNamespacesAndCapsuleWins() {
        Namespace both = new NamespaceBuilder().withNewMetadata().withName("shop-staging")
                .addToLabels("wharf.dev/tenant", "other").addToLabels("capsule.clastix.io/tenant", "shop").endMetadata().build();
        Namespace wharf = new NamespaceBuilder().withNewMetadata().withName("shop-prod")
                .addToLabels("wharf.dev/tenant", "shop").endMetadata().build();
        Namespace none = new NamespaceBuilder().withNewMetadata().withName("ci").addToLabels("team", "x").endMetadata().build();
        assertThat(Tenants.of("shop-staging", both)).isEqualTo(new Tenant("shop", "capsule.clastix.io/tenant"));
        assertThat(Tenants.of("shop-prod", wharf)).isEqualTo(new Tenant("shop", "wharf.dev/tenant"));
        assertThat(Tenants.of("ci", none)).isEqualTo(new Tenant("ci", null));
        assertThat(Tenants.of("hidden", null)).as("namespace not visible").isEqualTo(new Tenant("hidden", null));

        Item p = map("isolation-pods.yaml", "plain", null, true, Tenants.of("shop-prod", wharf));
        assertThat(p.facet(Tenant.class)).contains(new Tenant("shop", "wharf.dev/tenant"));
    }

    @Test
    void podsWithTheSameSettingsShareTheirFacts() {
        Item a = map("isolation-pods.yaml", "node-agent-x7k2p", null, true, null);
        Item b = map("isolation-pods.yaml", "node-agent-x7k2p", null, true, null);
        assertThat(b.facet(PodSecurity.class).orElseThrow()).isSameAs(a.facet(PodSecurity.class).orElseThrow());
        assertThat(b.facet(Tenant.class).orElseThrow()).isSameAs(a.facet(Tenant.class).orElseThrow());
    }

    @Test
    void requestsAsTheSchedulerCountsThemWithTheRuntimeClassOverhead() {
        Pod pod = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("sandboxed").withNamespace("ci")
                .endMetadata().withNewSpec().withRuntimeClassName("kata")
                .addNewInitContainer().withName("setup").withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("32Mi")).endResources().endInitContainer()
                .addNewContainer().withName("app").withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi")).endResources().endContainer()
                .addNewContainer().withName("sidecar").withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("150m"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("128Mi")).endResources().endContainer()
                .endSpec().build();
        RuntimeClass kata = new io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder().withNewMetadata().withName("kata")
                .endMetadata().withHandler("kata-qemu").withNewOverhead()
                .addToPodFixed("cpu", new io.fabric8.kubernetes.api.model.Quantity("250m"))
                .addToPodFixed("memory", new io.fabric8.kubernetes.api.model.Quantity("160Mi")).endOverhead().build();
        dev.wharf.inventory.ResourceRequests r = PodMapper.map(ids, pod, kata, true, Permissions.ALL, null)
                .facet(dev.wharf.inventory.ResourceRequests.class).orElseThrow();
        assertThat(r.cpuCores()).as("the init container's 500m beats 100m + 150m; plus 250m overhead").isEqualTo(0.75);
        assertThat(r.memoryBytes()).as("64Mi + 128Mi beats 32Mi; plus 160Mi overhead").isEqualTo(352L * 1024 * 1024);

        Pod plain = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("plain").withNamespace("ci")
                .endMetadata().withNewSpec().addNewContainer().withName("app").endContainer().endSpec().build();
        assertThat(PodMapper.map(ids, plain, null, true, Permissions.ALL, null).facet(dev.wharf.inventory.ResourceRequests.class))
                .as("nothing requested: no facet, not zero").isEmpty();
    }
}
