package dev.wharf.kubernetes;

import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Edits pods, KubeVirt VirtualMachines and nodes (labels, taints, the rest of their spec) the way
 * {@code kubectl edit} does, behind a server-side dry run: {@link #load} reads the object from the
 * server (not the informer cache: its resourceVersion must be the server's latest), {@link #dryRun}
 * PUTs it with {@code ?dryRun=All}, {@link #apply} PUTs it with the loaded resourceVersion so that a
 * change made meanwhile answers 409 ({@link Outcome#CONFLICT}) instead of being overwritten. The
 * server's {@code Warning} headers (admission webhooks, deprecated fields) come back in the verdict
 * ({@link ServerWarnings}); fabric8's DSL only logs them, so the PUTs go through the client's own HTTP
 * client (same authentication, TLS and interceptors).
 */
final class KubernetesDefinitions implements DefinitionEditor {
    static final ResourceDefinitionContext PODS = new ResourceDefinitionContext.Builder()
            .withGroup("").withVersion("v1").withKind("Pod").withPlural("pods").withNamespaced(true).build();
    static final ResourceDefinitionContext NODES = new ResourceDefinitionContext.Builder()
            .withGroup("").withVersion("v1").withKind("Node").withPlural("nodes").withNamespaced(false).build();

    private final String id;
    private final String name;
    private final KubernetesClient client;
    private final ExecutorService blocking;

    KubernetesDefinitions(String id, String name, KubernetesClient client, ExecutorService blocking) {
        this.id = id;
        this.name = name;
        this.client = client;
        this.blocking = blocking;
    }

    @Override
    public boolean canEdit(Item item) {
        return id.equals(item.source()) && context(item) != null;
    }

    private static ResourceDefinitionContext context(Item item) {
        return switch (item.kind()) {
            case POD, MICROVM -> PODS;
            case VM -> KubeVirt.VMS;
            case NODE -> NODES;
            default -> null;
        };
    }

    @Override
    public CompletableFuture<Definition> load(Item item) {
        ResourceDefinitionContext ctx = context(item);
        if (ctx == null || !id.equals(item.source())) {
            return CompletableFuture.failedFuture(new WharfException(item.name() + " has no definition to edit in " + name + "."));
        }
        return async(() -> {
            GenericKubernetesResource live;
            try {
                live = resource(ctx, item.namespace(), item.name()).get();
            } catch (KubernetesClientException e) {
                if (KubernetesErrors.code(e) == 403) {
                    throw new WharfException("Not permitted to read " + label(ctx, item) + " (403 Forbidden).", e);
                }
                throw new WharfException(KubernetesErrors.unreachable(name, String.valueOf(client.getMasterUrl()), e), e);
            }
            if (live == null) {
                throw new WharfException(label(ctx, item) + " no longer exists.");
            }
            return new Definition(item, "yaml", EditableYaml.of(live), live.getMetadata().getResourceVersion(),
                    label(ctx, item));
        });
    }

    @Override
    public List<Problem> validate(Definition base, String edited) {
        return EditableYaml.parse(base.text(), edited).problems();
    }

    @Override
    public CompletableFuture<Verdict> dryRun(Definition base, String edited) {
        return send(base, edited, true);
    }

    @Override
    public CompletableFuture<Verdict> apply(Definition base, String edited) {
        return send(base, edited, false);
    }

    private CompletableFuture<Verdict> send(Definition base, String edited, boolean dryRun) {
        Item item = base.item();
        ResourceDefinitionContext ctx = context(item);
        EditableYaml.Parsed parsed = EditableYaml.parse(base.text(), edited);
        if (!parsed.ok()) {
            return CompletableFuture.completedFuture(Verdict.invalid(parsed.problems()));
        }
        if (EditableYaml.unchanged(base.text(), parsed.tree())) {
            return CompletableFuture.completedFuture(Verdict.of(Outcome.UNCHANGED,
                    "Nothing changed: the edit is the live definition."));
        }
        GenericKubernetesResource object = EditableYaml.toObject(parsed.tree(), item.namespace(), base.version());
        // the client's own HTTP client (its authentication and TLS), not the DSL: fabric8's update()
        // only logs the server's Warning headers, and the verdict must show them
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(url(ctx, item.namespace(), item.name()) + (dryRun ? "?dryRun=All" : ""))
                .put("application/json", Serialization.asJson(object))
                .build();
        CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        http.sendAsync(request, String.class).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    verdict.completeExceptionally(new WharfException(
                            KubernetesErrors.unreachable(name, String.valueOf(client.getMasterUrl()), failure), failure));
                } else {
                    verdict.complete(verdict(base, dryRun, response.code(), response.body())
                            .withWarnings(ServerWarnings.of(response.headers("Warning"))));
                }
            } catch (Throwable t) {
                verdict.completeExceptionally(t);
            }
        });
        return verdict;
    }

    private Verdict verdict(Definition base, boolean dryRun, int code, String body) {
        if (code >= 200 && code < 300) {
            return dryRun ? Verdict.of(Outcome.VALID, "The server accepts this change (dry run; nothing written).")
                    : Verdict.of(Outcome.APPLIED, "Applied: " + base.label() + " updated.");
        }
        Status status = status(body);
        if (code == 409) {
            String m = serverMessage(status, body);
            return Verdict.of(Outcome.CONFLICT, base.label() + " was changed on the server since it was loaded"
                    + (m.isEmpty() ? "" : " (\"" + m + "\")")
                    + ". Nothing was written: reload it, or review your edit against the new version.");
        }
        String prefix = dryRun ? "The server refuses this change (dry run)" : "The server refused the change";
        return Verdict.of(Outcome.REFUSED, prefix + " (" + code + "): " + serverMessage(status, body));
    }

    private static Status status(String body) {
        try {
            return body == null || body.isBlank() ? null : Serialization.unmarshal(body, Status.class);
        } catch (RuntimeException e) {
            return null; // not a Status (a proxy's HTML page): its text is the message
        }
    }

    /** The object's URL, as fabric8 builds it: {@code /api/v1/…} for the core group, {@code /apis/G/V/…} else. */
    private String url(ResourceDefinitionContext ctx, String namespace, String n) {
        String group = ctx.getGroup() == null || ctx.getGroup().isEmpty() ? null : ctx.getGroup();
        List<String> parts = new java.util.ArrayList<>(List.of(client.getMasterUrl().toString()));
        parts.addAll(group == null ? List.of("api", ctx.getVersion()) : List.of("apis", group, ctx.getVersion()));
        if (ctx.isNamespaceScoped()) {
            parts.addAll(List.of("namespaces", namespace));
        }
        parts.addAll(List.of(ctx.getPlural(), n));
        return URLUtils.join(parts.toArray(String[]::new));
    }

    /** The Status message, and its causes when the message does not already list them. */
    static String serverMessage(Status s, String body) {
        String m = s == null || s.getMessage() == null ? "" : s.getMessage().strip();
        if (s != null && s.getDetails() != null && s.getDetails().getCauses() != null) {
            StringBuilder b = new StringBuilder(m);
            for (StatusCause c : s.getDetails().getCauses()) {
                if (c.getMessage() != null && !m.contains(c.getMessage())) {
                    b.append(b.length() == 0 ? "" : "; ").append(c.getField() == null ? "" : c.getField() + ": ")
                            .append(c.getMessage());
                }
            }
            m = b.toString();
        }
        if (m.isEmpty() && body != null) {
            m = body.strip().lines().findFirst().orElse("");
        }
        return m.length() > 500 ? m.substring(0, 500) + "…" : m;
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            operation(ResourceDefinitionContext ctx, String namespace) {
        var all = client.genericKubernetesResources(ctx);
        return ctx.isNamespaceScoped() ? all.inNamespace(namespace) : all;
    }

    private Resource<GenericKubernetesResource> resource(ResourceDefinitionContext ctx, String namespace, String n) {
        return operation(ctx, namespace).withName(n);
    }

    private static String label(ResourceDefinitionContext ctx, Item item) {
        return ctx.getKind() + " " + (item.namespace() == null ? "" : item.namespace() + "/") + item.name();
    }

    private <T> CompletableFuture<T> async(Supplier<T> s) {
        CompletableFuture<T> result = new CompletableFuture<>();
        blocking.execute(() -> {
            try {
                result.complete(s.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e instanceof WharfException ? e
                        : new WharfException(KubernetesErrors.unreachable(name, String.valueOf(client.getMasterUrl()), e), e));
            } catch (Throwable t) { // an Error too: a future left open would keep the editor "Loading…" forever
                result.completeExceptionally(t);
            }
        });
        return result;
    }
}
