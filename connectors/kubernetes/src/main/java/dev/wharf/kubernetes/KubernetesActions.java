package dev.wharf.kubernetes;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.wharf.inventory.Controller;
import dev.wharf.inventory.Drainer;
import dev.wharf.inventory.MigrationProgress;
import dev.wharf.inventory.TargetedMigration;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The acting half of a {@link KubernetesConnection}: each {@link Action} as the exact API call
 * (KubeVirt subresource PUTs, deletes, node cordon and drain, a workload's rollout restart). Never edits the inventory: the resulting change arrives
 * through the informers.
 */
final class KubernetesActions implements Drainer, TargetedMigration {
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    private final String id;
    private final String name;
    private final KubernetesClient client;
    private final ExecutorService blocking;
    private final CachedObjects caches;
    private final ApiCalls api;
    private final NodeDrain drains;
    private final Clock clock;
    private final KubeVirtSnapshots snapshots;

    KubernetesActions(String id, String name, KubernetesClient client, ExecutorService blocking, CachedObjects caches) {
        this(id, name, client, blocking, caches, Clock.systemUTC());
    }

    KubernetesActions(String id, String name, KubernetesClient client, ExecutorService blocking, CachedObjects caches,
                      Clock clock) {
        this.id = id;
        this.name = name;
        this.client = client;
        this.blocking = blocking;
        this.caches = caches;
        this.api = new ApiCalls(client);
        this.drains = new NodeDrain(api, blocking, caches);
        this.clock = clock;
        this.snapshots = new KubeVirtSnapshots(id, api, caches, clock);
    }

    CompletableFuture<Void> perform(Item item, Action action) {
        if (!id.equals(item.source())) {
            return CompletableFuture.failedFuture(new WharfException(item.name() + " is not from " + name + "."));
        }
        if (!item.accepts(action)) {
            return CompletableFuture.failedFuture(new WharfException(item.kind().wire() + " " + item.name()
                    + " does not accept " + action.wire() + " now (it is " + item.status()
                    + (item.properties().containsKey("Not permitted") ? "; not permitted: "
                    + item.properties().get("Not permitted") : "") + ")."));
        }
        String ns = item.namespace();
        String n = item.name();
        if ((item.kind() == Kind.POD || item.kind() == Kind.MICROVM) && action == Action.DELETE) {
            return call(item, action, () -> {
                if (client.pods().inNamespace(ns).withName(n).delete().isEmpty()) {
                    throw new WharfException("Cannot delete pod " + n + ": it no longer exists.");
                }
                return null;
            });
        }
        if (item.kind() == Kind.NODE) {
            switch (action) {
                case CORDON, UNCORDON:
                    return call(item, action, () -> {
                        drains.cordon(n, action == Action.CORDON);
                        return null;
                    });
                case DRAIN:
                    return drain(item, o -> { }).thenCompose(outcomes -> {
                        List<String> left = outcomes.stream().filter(o -> o.result() != Result.EVICTED)
                                .map(o -> o.pod() + " (" + o.message() + ")").toList();
                        return left.isEmpty() ? CompletableFuture.completedFuture((Void) null)
                                : CompletableFuture.failedFuture(new WharfException("Node " + n + " is cordoned but "
                                + left.size() + " of " + outcomes.size() + " pods were not evicted: "
                                + String.join("; ", left) + ". Drain again once their budgets allow it."));
                    });
                default:
                    break;
            }
        }
        if (action == Action.RESTART_WORKLOAD) {
            return restartWorkload(item);
        }
        if (item.kind() == Kind.VM && action == Action.CANCEL_MIGRATION) {
            return cancelMigration(item);
        }
        if (item.kind() == Kind.VM) {
            switch (action) {
                case START:
                    return subresource(item, action, "virtualmachines", "start", "{\"paused\":false,\"dryRun\":[]}");
                case STOP:
                    return subresource(item, action, "virtualmachines", "stop", stopBody(item));
                case RESTART:
                    return subresource(item, action, "virtualmachines", "restart", "{}");
                case MIGRATE:
                    return subresource(item, action, "virtualmachines", "migrate", "{}");
                case PAUSE:
                    return subresource(item, action, "virtualmachineinstances", "pause", "{}");
                case RESUME:
                    return subresource(item, action, "virtualmachineinstances", "unpause", "{}");
                case DELETE:
                    return call(item, action, () -> {
                        if (client.genericKubernetesResources(KubeVirt.VMIS).inNamespace(ns).withName(n).delete().isEmpty()) {
                            throw new WharfException("Cannot delete VMI " + n + ": it no longer exists.");
                        }
                        return null;
                    });
                default:
                    break;
            }
        }
        return CompletableFuture.failedFuture(new WharfException(item.name() + " does not support " + action.wire() + "."));
    }

    /** The VMs' snapshots (one per connection: it remembers a cluster without the snapshot API). */
    KubeVirtSnapshots snapshots() {
        return snapshots;
    }

    // ------------------------------------------------------------------ nodes

    @Override
    public CompletableFuture<Plan> planDrain(Item node) {
        return CompletableFuture.supplyAsync(() -> drains.plan(node.name()), blocking);
    }

    @Override
    public CompletableFuture<List<Outcome>> drain(Item node, Consumer<Outcome> progress) {
        if (!id.equals(node.source()) || node.kind() != Kind.NODE) {
            return CompletableFuture.failedFuture(new WharfException(node.name() + " is not a node of " + name + "."));
        }
        return drains.drain(node, progress);
    }

    // ------------------------------------------------------------------ VMs: migrate to a node, cancel

    @Override
    public List<String> migrationTargets(Item vm) {
        String here = null;
        GenericKubernetesResource vmi = caches.vmi(vm.namespace() + "/" + vm.name());
        if (vmi != null && vmi.get("status", "nodeName") != null) {
            here = vmi.get("status", "nodeName").toString();
        }
        List<String> out = new ArrayList<>();
        for (Node node : caches.nodes()) {
            String n = node.getMetadata().getName();
            boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
            boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                    && node.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (!n.equals(here) && !cordoned && ready) {
                out.add(n);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * {@code PUT …/virtualmachines/{n}/migrate} with {@code {"addedNodeSelector":{"kubernetes.io/hostname":NODE}}}
     * (KubeVirt 1.3 and later), or {@code {}} to let the scheduler choose.
     */
    @Override
    public CompletableFuture<Void> migrate(Item vm, String node) {
        if (!vm.accepts(Action.MIGRATE)) {
            return perform(vm, Action.MIGRATE);
        }
        String body = node == null ? "{}"
                : "{\"addedNodeSelector\":{\"kubernetes.io/hostname\":" + ApiCalls.quote(node) + "}}";
        return subresource(vm, Action.MIGRATE, "virtualmachines", "migrate", body);
    }

    /** Deletes the VirtualMachineInstanceMigration under way; KubeVirt then aborts the migration. */
    private CompletableFuture<Void> cancelMigration(Item vm) {
        String migration = vm.facet(MigrationProgress.class).map(MigrationProgress::name).orElse(null);
        if (migration == null) {
            return CompletableFuture.failedFuture(new WharfException("No migration of " + vm.name()
                    + " to cancel: it may just have ended."));
        }
        return call(vm, Action.CANCEL_MIGRATION, () -> {
            if (client.genericKubernetesResources(KubeVirt.MIGRATIONS).inNamespace(vm.namespace()).withName(migration)
                    .delete().isEmpty()) {
                throw new WharfException("The migration " + migration + " of " + vm.name() + " has already ended.");
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ workloads

    /**
     * {@code kubectl rollout restart}: a merge patch of the controller's pod template
     * annotation {@code kubectl.kubernetes.io/restartedAt} = now (RFC 3339).
     */
    private CompletableFuture<Void> restartWorkload(Item pod) {
        Controller c = pod.facet(Controller.class).orElse(null);
        String plural = c == null ? null : switch (c.kind()) {
            case "Deployment" -> "deployments";
            case "StatefulSet" -> "statefulsets";
            case "DaemonSet" -> "daemonsets";
            default -> null;
        };
        if (plural == null) {
            return CompletableFuture.failedFuture(new WharfException(pod.name() + " belongs to no Deployment, "
                    + "StatefulSet or DaemonSet that a rollout restart would restart."));
        }
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        String body = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + RESTARTED_AT + "\":\""
                + now + "\"}}}}}";
        String path = "/apis/apps/v1/namespaces/" + pod.namespace() + "/" + plural + "/" + c.name();
        return answer(pod, Action.RESTART_WORKLOAD, api.send("PATCH", path, ApiCalls.MERGE_PATCH, body),
                c.label());
    }

    /** {@code {"gracePeriod":s}} with the VM's own termination grace period; {@code {}} when it sets none. */
    private String stopBody(Item item) {
        String key = item.namespace() + "/" + item.name();
        Object grace = null;
        GenericKubernetesResource vmi = caches.vmi(key);
        if (vmi != null) {
            grace = vmi.get("spec", "terminationGracePeriodSeconds");
        }
        GenericKubernetesResource vm = caches.vm(key);
        if (grace == null && vm != null) {
            grace = vm.get("spec", "template", "spec", "terminationGracePeriodSeconds");
        }
        return grace instanceof Number g ? "{\"gracePeriod\":" + g.longValue() + "}" : "{}";
    }

    private CompletableFuture<Void> subresource(Item item, Action action, String resource, String sub, String body) {
        String path = KubeVirt.SUBRESOURCES + item.namespace() + "/" + resource + "/" + item.name() + "/" + sub;
        return answer(item, action, api.send("PUT", path, ApiCalls.JSON, body), null);
    }

    /** A 2xx completes; anything else becomes the user's message (naming {@code target} when the call was about it). */
    private CompletableFuture<Void> answer(Item item, Action action, CompletableFuture<HttpResponse<String>> call,
                                           String target) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        call.whenComplete((resp, t) -> {
            if (t != null) {
                result.completeExceptionally(KubernetesErrors.actionFailed(item, action, t));
            } else if (resp.code() >= 200 && resp.code() < 300) {
                result.complete(null);
            } else if (target != null) {
                String m = KubernetesErrors.serverMessage(resp.body());
                result.completeExceptionally(new WharfException("Cannot restart " + target + ": the API server answered "
                        + resp.code() + (m.isEmpty() ? "" : ": " + m) + (resp.code() == 403
                        ? ". Ask a cluster admin for 'patch' on it in namespace " + item.namespace() + "." : ".")));
            } else {
                result.completeExceptionally(KubernetesErrors.actionFailed(item, action, resp.code(), resp.body()));
            }
        });
        return result;
    }

    private CompletableFuture<Void> call(Item item, Action action, Supplier<Void> call) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        blocking.execute(() -> {
            try {
                result.complete(call.get());
            } catch (WharfException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(KubernetesErrors.actionFailed(item, action, e));
            }
        });
        return result;
    }
}
