package dev.wharf.kubernetes;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The acting half of a {@link KubernetesConnection}: each {@link Action} as the exact API call
 * (KubeVirt subresource PUTs, deletes). Never edits the inventory: the resulting change arrives
 * through the informers.
 */
final class KubernetesActions {
    private final String id;
    private final String name;
    private final KubernetesClient client;
    private final ExecutorService blocking;
    private final CachedObjects caches;

    KubernetesActions(String id, String name, KubernetesClient client, ExecutorService blocking, CachedObjects caches) {
        this.id = id;
        this.name = name;
        this.client = client;
        this.blocking = blocking;
        this.caches = caches;
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
        String base = String.valueOf(client.getMasterUrl());
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String url = base + KubeVirt.SUBRESOURCES + item.namespace() + "/" + resource + "/" + item.name() + "/" + sub;
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).put("application/json", body).build();
        CompletableFuture<Void> result = new CompletableFuture<>();
        http.sendAsync(request, String.class).whenComplete((resp, t) -> {
            if (t != null) {
                result.completeExceptionally(KubernetesErrors.actionFailed(item, action, t));
            } else if (resp.code() >= 200 && resp.code() < 300) {
                result.complete(null);
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
