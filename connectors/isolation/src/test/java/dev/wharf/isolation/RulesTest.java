package dev.wharf.isolation;

import static dev.wharf.isolation.Lab.findings;
import static dev.wharf.isolation.Lab.node;
import static dev.wharf.isolation.Lab.nodeId;
import static dev.wharf.isolation.Lab.pod;
import static dev.wharf.isolation.Lab.vm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.NodePlacement.Placement;
import dev.wharf.inventory.RuntimeClassFacts;
import dev.wharf.inventory.State;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each rule on a fixture that must fire and on its near misses that must not. */
class RulesTest {
    static final Item W1 = node("worker-1", Placement.BARE_METAL);

    @Test
    void elevenRulesInOneListWithUniqueIdsAndAReasonEach() {
        assertThat(Rules.ALL).extracting(Rule::id).containsExactly("privileged-on-shared-kernel", "sensitive-host-path",
                "privileged-sandbox", "host-namespace", "dangerous-capability", "tenants-share-kernel", "vm-host-disk",
                "runtimeclass-missing", "sandbox-without-overhead", "host-port", "nested-virtualization");
        assertThat(Rules.ALL).extracting(Rule::severity).containsExactly(Severity.CRITICAL, Severity.CRITICAL,
                Severity.CRITICAL, Severity.HIGH, Severity.HIGH, Severity.HIGH, Severity.MEDIUM, Severity.MEDIUM,
                Severity.LOW, Severity.LOW, Severity.INFO);
        assertThat(Rules.ALL).allSatisfy(r -> {
            assertThat(r.why()).isNotBlank().doesNotContain("\n");
            assertThat(r.reference()).startsWith("https://");
        });
    }

    @Nested
    class PrivilegedOnSharedKernel {
        @Test
        void aPrivilegedTenantPodBesideAnotherTenant() {
            Lab.Pod priv = pod("shop", "miner", "worker-1").privileged();
            List<Finding> f = findings("privileged-on-shared-kernel", W1, priv.item(), pod("ci", "build", "worker-1").item());
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(x.node()).isEqualTo(nodeId("worker-1"));
                assertThat(x.items()).containsExactly(priv.id());
                assertThat(x.tenants()).containsExactly("ci", "shop");
                assertThat(x.message()).isEqualTo("pod shop/miner (tenant shop) runs privileged (main) on the kernel of "
                        + "node worker-1, which tenant ci shares: it can take over the node and its containers.");
            });
        }

        @Test
        void aPrivilegedSystemDaemonSetIsFlaggedAsPrivilegedNotAsATenant() {
            Lab.Pod agent = pod("kube-system", "node-agent-x1", "worker-1").daemonSet().privileged();
            Item[] items = {W1, agent.item(), pod("shop", "web", "worker-1").item()};
            assertThat(findings("privileged-on-shared-kernel", items)).singleElement()
                    .satisfies(x -> assertThat(x.tenants()).containsExactly("shop"));
            assertThat(findings("tenants-share-kernel", items)).as("infrastructure is no tenant").isEmpty();
        }

        @Test
        void nearMissAloneWithItsOwnTenantOrInAMicroVm() {
            assertThat(findings("privileged-on-shared-kernel", W1, pod("shop", "miner", "worker-1").privileged().item(),
                    pod("shop", "web", "worker-1").item())).as("only its own tenant").isEmpty();
            assertThat(findings("privileged-on-shared-kernel", W1, pod("shop", "miner", "worker-1").privileged().kata().item(),
                    pod("ci", "web", "worker-1").item())).as("in a microVM").isEmpty();
        }
    }

    @Nested
    class SensitiveHostPath {
        @Test
        void writableIsCriticalReadOnlyHighOnAnyRuntime() {
            Lab.Pod w = pod("shop", "logs", "worker-1").hostPath("/var/run/docker.sock", false).hostPath("/data", true);
            Lab.Pod r = pod("ci", "probe", "worker-1").kata().hostPath("/etc/", true);
            List<Finding> f = findings("sensitive-host-path", W1, w.item(), r.item());
            assertThat(f).extracting(Finding::severity).containsExactly(Severity.CRITICAL, Severity.HIGH);
            assertThat(f.get(0).message()).isEqualTo(
                    "pod shop/logs (tenant shop) mounts node worker-1's /var/run/docker.sock (writable).");
            assertThat(f.get(1).message()).isEqualTo(
                    "microVM ci/probe (tenant ci) mounts node worker-1's /etc/ (read-only), through its weakened.");
            assertThat(f.get(1).items()).containsExactly(r.id());
        }

        @Test
        void nearMissAReadOnlyDataPathAndLookalikes() {
            assertThat(findings("sensitive-host-path", W1, pod("shop", "a", "worker-1").hostPath("/data", true)
                    .hostPath("/etcd-backup", false).hostPath("/var/lib/app", false).hostPath("/srv/run", false).item()))
                    .isEmpty();
        }
    }

    @Nested
    class PrivilegedSandbox {
        @Test
        void privilegedKataSaysWhatTheApiCannotShow() {
            Lab.Pod k = pod("ci", "dind", "worker-1").kata().privileged();
            Lab.Pod g = pod("ci", "gdind", "worker-1").gvisor().privileged();
            List<Finding> f = findings("privileged-sandbox", W1, k.item(), g.item());
            assertThat(f).hasSize(2).allSatisfy(x -> assertThat(x.severity()).isEqualTo(Severity.CRITICAL));
            assertThat(f).filteredOn(x -> x.items().contains(k.id())).singleElement().satisfies(x -> assertThat(x.message())
                    .contains("kata-qemu microVM").contains("privileged_without_host_devices")
                    .contains("the Kubernetes API cannot show"));
            assertThat(f).filteredOn(x -> x.items().contains(g.id())).singleElement()
                    .satisfies(x -> assertThat(x.message()).contains("gVisor sandbox"));
        }

        @Test
        void nearMissAClassNamedLikeKataWhoseHandlerIsRuncIsAContainer() {
            RuntimeClassFacts lookalike = new RuntimeClassFacts("kata-lookalike", RuntimeClassFacts.Status.FOUND, "runc",
                    Map.of(), Map.of());
            Lab.Pod p = pod("ci", "fake", "worker-1").runtimeClass(lookalike).privileged();
            Item[] items = {W1, p.item(), pod("shop", "web", "worker-1").item()};
            assertThat(findings("privileged-sandbox", items)).isEmpty();
            assertThat(findings("privileged-on-shared-kernel", items)).extracting(Finding::items)
                    .containsExactly(List.of(p.id()));
            assertThat(IsolationAnalysis.analyse(List.of(items), IsolationSettings.DEFAULT).boundary(p.id()))
                    .contains(Boundary.CONTAINER);
        }
    }

    @Nested
    class HostNamespace {
        @Test
        void namesTheNamespacesAndWhatItMeansUnderKataOrGvisor() {
            List<Finding> f = findings("host-namespace", W1, pod("shop", "a", "worker-1").hostPID().hostNetwork().item(),
                    pod("shop", "b", "worker-1").kata().hostIPC().item(), pod("shop", "c", "worker-1").gvisor().hostNetwork().item());
            assertThat(f).as("same severity: by item id").extracting(Finding::message).containsExactly(
                    "microVM shop/b (tenant shop) shares node worker-1's IPC namespace: Kata does not support host "
                            + "namespaces, the pod does not get what it asks and what it does get bypasses the microVM.",
                    "sandboxed pod shop/c (tenant shop) shares node worker-1's network namespace: under gVisor this "
                            + "weakens the sandbox (the pod uses the node's namespace directly).",
                    "pod shop/a (tenant shop) shares node worker-1's PID and network namespaces.");
            assertThat(f).allSatisfy(x -> assertThat(x.severity()).isEqualTo(Severity.HIGH));
        }

        @Test
        void nearMissNone() {
            assertThat(findings("host-namespace", W1, pod("shop", "a", "worker-1").hostPort(8080).item())).isEmpty();
        }
    }

    @Nested
    class DangerousCapability {
        @Test
        void namesTheDangerousOnesWithOrWithoutCapPrefix() {
            assertThat(findings("dangerous-capability", W1,
                    pod("shop", "a", "worker-1").caps("CAP_SYS_ADMIN", "NET_BIND_SERVICE", "bpf").item()))
                    .singleElement().satisfies(x -> {
                        assertThat(x.severity()).isEqualTo(Severity.HIGH);
                        assertThat(x.message()).isEqualTo("pod shop/a (tenant shop) adds SYS_ADMIN and BPF on node worker-1.");
                    });
        }

        @Test
        void nearMissHarmlessCapabilities() {
            assertThat(findings("dangerous-capability", W1,
                    pod("shop", "a", "worker-1").caps("NET_BIND_SERVICE", "CHOWN", "SYS_NICE").item())).isEmpty();
        }
    }

    @Nested
    class TenantsShareKernel {
        @Test
        void twoTenantsOfContainersOnOneNode() {
            Lab.Pod a = pod("shop", "web", "worker-1");
            Lab.Pod b = pod("analytics", "etl", "worker-1");
            List<Finding> f = findings("tenants-share-kernel", W1, a.item(), b.item(), pod("ci", "job", "worker-1").kata().item());
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Severity.HIGH);
                assertThat(x.tenants()).containsExactly("analytics", "shop");
                assertThat(x.items()).containsExactlyInAnyOrder(a.id(), b.id());
                assertThat(x.message()).isEqualTo("Tenants analytics and shop share the kernel of node worker-1: "
                        + "2 container workloads of theirs run on it with no sandbox between them.");
            });
        }

        @Test
        void nearMissTwoTenantsAllInMicroVms() {
            assertThat(findings("tenants-share-kernel", W1, pod("shop", "web", "worker-1").kata().item(),
                    pod("analytics", "etl", "worker-1").kata().item(), pod("ci", "x", "worker-1").gvisor().item())).isEmpty();
        }

        @Test
        void nearMissATenantLabelGroupsTwoNamespacesIntoOneTenant() {
            assertThat(findings("tenants-share-kernel", W1,
                    pod("shop-prod", "web", "worker-1").tenant("shop", "capsule.clastix.io/tenant").item(),
                    pod("shop-staging", "web", "worker-1").tenant("shop", "capsule.clastix.io/tenant").item())).isEmpty();
        }

        @Test
        void nearMissTwoTenantsOnTwoNodes() {
            assertThat(findings("tenants-share-kernel", W1, node("worker-2", Placement.VM),
                    pod("shop", "web", "worker-1").item(), pod("ci", "job", "worker-2").item())).isEmpty();
        }
    }

    @Nested
    class VmHostDisk {
        @Test
        void aVmWithAHostDisk() {
            Item vm = vm("analytics", "legacy", "worker-1", "/var/lib/legacy/scratch.img");
            assertThat(findings("vm-host-disk", W1, vm)).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(x.items()).containsExactly(vm.id());
                assertThat(x.message()).isEqualTo("VM analytics/legacy (tenant analytics) keeps disk "
                        + "/var/lib/legacy/scratch.img on node worker-1's file system (hostDisk).");
            });
        }

        @Test
        void nearMissAVmWithoutOne() {
            assertThat(findings("vm-host-disk", W1, vm("analytics", "db", "worker-1", null))).isEmpty();
        }
    }

    @Nested
    class RuntimeClassMissing {
        @Test
        void aPodNamingAMissingClassHasAnUnknownBoundary() {
            Lab.Pod p = pod("ci", "old", null).runtimeClass(new RuntimeClassFacts("kata-gone",
                    RuntimeClassFacts.Status.MISSING, null, Map.of(), Map.of()));
            assertThat(findings("runtimeclass-missing", p.item())).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(x.node()).as("not scheduled").isNull();
                assertThat(x.message()).isEqualTo("pod ci/old (tenant ci) names RuntimeClass kata-gone, which does not "
                        + "exist: its isolation is unknown.");
            });
            assertThat(IsolationAnalysis.analyse(List.of(p.item()), IsolationSettings.DEFAULT).boundary(p.id()))
                    .contains(Boundary.UNKNOWN);
        }

        @Test
        void nearMissAClassWeCannotReadIsNotMissing() {
            assertThat(findings("runtimeclass-missing", pod("ci", "x", null).runtimeClass(new RuntimeClassFacts("kata-qemu",
                    RuntimeClassFacts.Status.UNREADABLE, null, Map.of(), Map.of())).item())).isEmpty();
        }
    }

    @Nested
    class SandboxWithoutOverhead {
        @Test
        void oneFindingPerClassAndNode() {
            RuntimeClassFacts bare = new RuntimeClassFacts("gvisor", RuntimeClassFacts.Status.FOUND, "runsc", Map.of(), Map.of());
            Lab.Pod a = pod("ci", "a", "worker-1").gvisor().runtimeClass(bare);
            Lab.Pod b = pod("shop", "b", "worker-1").gvisor().runtimeClass(bare);
            assertThat(findings("sandbox-without-overhead", W1, a.item(), b.item())).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Severity.LOW);
                assertThat(x.items()).containsExactly(a.id(), b.id());
                assertThat(x.tenants()).containsExactly("ci", "shop");
                assertThat(x.message()).isEqualTo("RuntimeClass gvisor (handler runsc) has no overhead.podFixed: "
                        + "2 sandboxes on node worker-1 use more than the scheduler counts.");
            });
        }

        @Test
        void nearMissAContainerClassWithoutOverheadOrASandboxWithIt() {
            RuntimeClassFacts runc = new RuntimeClassFacts("runc", RuntimeClassFacts.Status.FOUND, "runc", Map.of(), Map.of());
            assertThat(findings("sandbox-without-overhead", W1, pod("ci", "a", "worker-1").runtimeClass(runc).item(),
                    pod("ci", "b", "worker-1").kata().item())).isEmpty();
        }
    }

    @Nested
    class HostPort {
        @Test
        void namesThePorts() {
            assertThat(findings("host-port", W1, pod("shop", "ingress", "worker-1").hostPort(80).hostPort(443).item()))
                    .singleElement().satisfies(x -> {
                        assertThat(x.severity()).isEqualTo(Severity.LOW);
                        assertThat(x.message()).isEqualTo(
                                "pod shop/ingress (tenant shop) binds ports 80/TCP and 443/TCP on node worker-1's address.");
                    });
        }

        @Test
        void nearMissNoHostPort() {
            assertThat(findings("host-port", W1, pod("shop", "web", "worker-1").item())).isEmpty();
        }
    }

    @Nested
    class NestedVirtualization {
        @Test
        void microVmsAndVmsOnAVmNode() {
            Item n = node("worker-9", Placement.VM);
            Lab.Pod k = pod("ci", "k", "worker-9").kata();
            Item v = vm("analytics", "db", "worker-9", null);
            assertThat(findings("nested-virtualization", n, k.item(), v, pod("ci", "g", "worker-9").gvisor().item()))
                    .singleElement().satisfies(x -> {
                        assertThat(x.severity()).isEqualTo(Severity.INFO);
                        assertThat(x.items()).containsExactlyInAnyOrder(k.id(), v.id());
                        assertThat(x.message()).isEqualTo(
                                "2 microVMs and VMs run nested on node worker-9, itself a VM (test evidence).");
                    });
        }

        @Test
        void nearMissBareMetalOrUnknownPlacementOrOnlyGvisor() {
            assertThat(findings("nested-virtualization", W1, pod("ci", "k", "worker-1").kata().item())).isEmpty();
            assertThat(findings("nested-virtualization", node("worker-2", Placement.UNKNOWN),
                    pod("ci", "k", "worker-2").kata().item())).isEmpty();
            assertThat(findings("nested-virtualization", node("worker-3", Placement.VM),
                    pod("ci", "g", "worker-3").gvisor().item())).isEmpty();
        }
    }

    @Test
    void finishedPodsShareNothing() {
        assertThat(findings("tenants-share-kernel", W1, pod("shop", "web", "worker-1").item(),
                pod("ci", "job", "worker-1").state(State.SUCCEEDED).item())).isEmpty();
    }
}
