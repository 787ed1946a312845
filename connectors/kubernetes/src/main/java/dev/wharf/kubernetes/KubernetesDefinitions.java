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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Edits pods, KubeVirt VirtualMachines and nodes (labels, taints, the rest of their spec) the way
 * {@code kubectl edit} does, behind a server-side dry run: {@link #load} reads the object from the
 * server (not the informer cache: its resourceVersion must be the server's latest), {@link #dryRun}
 * PUTs it with {@code ?dryRun=All}, {@link #apply} PUTs it with the loaded resourceVersion so that a
 * change made meanwhile answers 409 ({@link Outcome#CONFLICT}) instead of being overwritten.
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
        return async(() -> {
            Resource<GenericKubernetesResource> r = operation(ctx, item.namespace()).resource(object);
            try {
                if (dryRun) {
                    r.dryRun().update();
                    return Verdict.of(Outcome.VALID, "The server accepts this change (dry run; nothing written).");
                }
                r.update();
                return Verdict.of(Outcome.APPLIED, "Applied: " + base.label() + " updated.");
            } catch (KubernetesClientException e) {
                int code = KubernetesErrors.code(e);
                if (code == 0) {
                    throw new WharfException(KubernetesErrors.unreachable(name, String.valueOf(client.getMasterUrl()), e), e);
                }
                if (code == 409) {
                    return Verdict.of(Outcome.CONFLICT, base.label() + " was changed on the server since it was loaded"
                            + serverWords(e) + ". Nothing was written: reload it, or review your edit against the new version.");
                }
                String prefix = dryRun ? "The server refuses this change (dry run)" : "The server refused the change";
                return Verdict.of(Outcome.REFUSED, prefix + " (" + code + "): " + serverMessage(e));
            }
        });
    }

    private static String serverWords(KubernetesClientException e) {
        String m = serverMessage(e);
        return m.isEmpty() ? "" : " (\"" + m + "\")";
    }

    /** The Status message, and its causes when the message does not already list them. */
    static String serverMessage(KubernetesClientException e) {
        Status s = e.getStatus();
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
        return m.isEmpty() ? String.valueOf(e.getMessage()) : m;
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
            }
        });
        return result;
    }
}
