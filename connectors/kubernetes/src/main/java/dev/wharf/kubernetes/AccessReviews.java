package dev.wharf.kubernetes;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Kind;
import dev.wharf.kubernetes.mapping.Permissions;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster in advance whether the user may perform an action (SelfSubjectAccessReview),
 * once per namespace + verb + resource. Until the answer is known the action is assumed allowed;
 * when a "no" arrives, {@code onDenied} is told the namespace so its items are mapped again.
 */
final class AccessReviews implements Permissions {
    private static final Logger LOG = LoggerFactory.getLogger(AccessReviews.class);

    /** What an action needs, in RBAC terms. */
    enum Check {
        DELETE_POD("delete", "", "pods", ""),
        VM_START("update", "subresources.kubevirt.io", "virtualmachines", "start"),
        VM_STOP("update", "subresources.kubevirt.io", "virtualmachines", "stop"),
        VM_RESTART("update", "subresources.kubevirt.io", "virtualmachines", "restart"),
        VM_MIGRATE("update", "subresources.kubevirt.io", "virtualmachines", "migrate"),
        VMI_PAUSE("update", "subresources.kubevirt.io", "virtualmachineinstances", "pause"),
        VMI_UNPAUSE("update", "subresources.kubevirt.io", "virtualmachineinstances", "unpause"),
        VMI_DELETE("delete", "kubevirt.io", "virtualmachineinstances", "");

        final String verb;
        final String group;
        final String resource;
        final String subresource;

        Check(String verb, String group, String resource, String subresource) {
            this.verb = verb;
            this.group = group;
            this.resource = resource;
            this.subresource = subresource;
        }

        static Check of(Action a, Kind k) {
            if (k == Kind.POD || k == Kind.MICROVM) {
                return a == Action.DELETE ? DELETE_POD : null;
            }
            if (k != Kind.VM) {
                return null;
            }
            return switch (a) {
                case START -> VM_START;
                case STOP -> VM_STOP;
                case RESTART -> VM_RESTART;
                case MIGRATE -> VM_MIGRATE;
                case PAUSE -> VMI_PAUSE;
                case RESUME -> VMI_UNPAUSE;
                case DELETE -> VMI_DELETE;
                default -> null;
            };
        }
    }

    private final KubernetesClient client;
    private final Executor executor;
    private final Consumer<String> onDenied;
    private final Map<String, Map<Check, Boolean>> answers = new ConcurrentHashMap<>();
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    AccessReviews(KubernetesClient client, Executor executor, Consumer<String> onDenied) {
        this.client = client;
        this.executor = executor;
        this.onDenied = onDenied;
    }

    @Override
    public boolean allows(String namespace, Action action, Kind kind) {
        Check c = Check.of(action, kind);
        if (c == null) {
            return true;
        }
        String ns = namespace == null ? "" : namespace;
        Boolean known = answers.computeIfAbsent(ns, k -> new ConcurrentHashMap<>()).get(c);
        if (known != null) {
            return known;
        }
        if (asked.add(ns + "|" + c.name())) {
            executor.execute(() -> ask(ns, c));
        }
        return true;
    }

    private volatile boolean closed;

    void close() {
        closed = true;
    }

    /** Forgets every answer (after a reconnect: the user's roles may have changed). */
    void clear() {
        answers.clear();
        asked.clear();
    }

    private void ask(String ns, Check c) {
        if (closed) {
            return;
        }
        boolean allowed = true;
        try {
            SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(
                    new SelfSubjectAccessReviewBuilder().withNewMetadata().endMetadata().withNewSpec().withNewResourceAttributes()
                            .withNamespace(ns.isEmpty() ? null : ns).withVerb(c.verb).withGroup(c.group)
                            .withResource(c.resource).withSubresource(c.subresource.isEmpty() ? null : c.subresource)
                            .endResourceAttributes().endSpec().build());
            if (review != null && review.getStatus() != null && review.getStatus().getAllowed() != null) {
                allowed = review.getStatus().getAllowed();
            }
        } catch (RuntimeException e) {
            // Cannot ask: assume allowed; a refused action still says why.
            LOG.debug("SelfSubjectAccessReview for {} in {} failed: {}", c, ns, e.toString());
        }
        answers.computeIfAbsent(ns, k -> new ConcurrentHashMap<>()).put(c, allowed);
        if (!allowed) {
            onDenied.accept(ns);
        }
    }
}
