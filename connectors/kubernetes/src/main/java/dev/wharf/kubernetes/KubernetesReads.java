package dev.wharf.kubernetes;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.ItemEvent;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading half of a {@link KubernetesConnection}: an item's raw objects (from the informer
 * caches, else the server) and its events, on the connection's blocking pool.
 */
final class KubernetesReads {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesReads.class);
    private final String name;
    private final KubernetesClient client;
    private final ExecutorService blocking;
    private final CachedObjects caches;

    KubernetesReads(String name, KubernetesClient client, ExecutorService blocking, CachedObjects caches) {
        this.name = name;
        this.client = client;
        this.blocking = blocking;
        this.caches = caches;
    }

    CompletableFuture<String> describe(Item item) {
        return async(() -> {
            List<HasMetadata> objects = objectsOf(item);
            if (objects.isEmpty()) {
                throw new WharfException(item.kind().wire() + " " + item.name() + " no longer exists.");
            }
            return yamlOf(objects);
        });
    }

    /** The objects as YAML documents, managedFields left out; works on copies (cached objects stay as they are). */
    static String yamlOf(List<? extends HasMetadata> objects) {
        StringBuilder yaml = new StringBuilder();
        for (HasMetadata o : objects) {
            HasMetadata copy = Serialization.clone(o);
            if (copy.getMetadata() != null) {
                copy.getMetadata().setManagedFields(null);
            }
            String y = Serialization.asYaml(copy);
            if (yaml.length() > 0 && !y.startsWith("---")) {
                yaml.append("---\n");
            }
            yaml.append(y);
        }
        return yaml.toString();
    }

    private List<HasMetadata> objectsOf(Item item) {
        List<HasMetadata> out = new ArrayList<>();
        String key = item.namespace() == null ? item.name() : item.namespace() + "/" + item.name();
        switch (item.kind()) {
            // editable objects are read live: right after an edit the informer's cache may not have the new one yet
            case NODE -> addIfPresent(out, liveOr(() -> client.nodes().withName(item.name()).get(), caches.node(key)));
            // the cache keeps only what Wharf reads of a pod (PodTrim): the definition is the server's
            case POD, MICROVM -> addIfPresent(out, liveOr(() -> client.pods().inNamespace(item.namespace())
                    .withName(item.name()).get(), caches.pod(key)));
            case VM -> {
                addIfPresent(out, liveOr(() -> client.genericKubernetesResources(KubeVirt.VMS)
                        .inNamespace(item.namespace()).withName(item.name()).get(), caches.vm(key)));
                addIfPresent(out, cachedOr(caches.vmi(key), () -> client.genericKubernetesResources(KubeVirt.VMIS)
                        .inNamespace(item.namespace()).withName(item.name()).get()));
            }
            default -> { }
        }
        return out;
    }

    private static <T extends HasMetadata> T cachedOr(T cached, Supplier<T> fetch) {
        if (cached != null) {
            return cached;
        }
        try {
            return fetch.get();
        } catch (RuntimeException e) {
            if (KubernetesErrors.code(e) == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The object as the server has it now; the cached one when the server cannot be asked (not when it is gone). */
    private static <T extends HasMetadata> T liveOr(Supplier<T> fetch, T cached) {
        try {
            return fetch.get();
        } catch (RuntimeException e) {
            if (cached == null) {
                throw e;
            }
            LOG.debug("reading the live object failed, showing the cached one: {}", e.toString());
            return cached;
        }
    }

    private static void addIfPresent(List<HasMetadata> out, HasMetadata o) {
        if (o != null) {
            out.add(o);
        }
    }

    CompletableFuture<List<ItemEvent>> events(Item item) {
        return async(() -> {
            Set<String> kinds = switch (item.kind()) {
                case NODE -> Set.of("Node");
                case POD, MICROVM -> Set.of("Pod");
                case VM -> Set.of("VirtualMachine", "VirtualMachineInstance");
                default -> Set.of();
            };
            List<ItemEvent> out = eventsAbout(item, kinds, true);
            if (out.isEmpty() && item.namespace() != null) {
                // Some servers (and fabric8's mock) do not select events by involvedObject: filter here
                // (one namespace at most).
                out = eventsAbout(item, kinds, false);
            }
            out.sort(Comparator.comparing(ItemEvent::time, Comparator.nullsFirst(Comparator.naturalOrder())));
            return out;
        });
    }

    private List<ItemEvent> eventsAbout(Item item, Set<String> kinds, boolean selectOnServer) {
        var op = item.namespace() == null ? client.v1().events().inAnyNamespace()
                : client.v1().events().inNamespace(item.namespace());
        List<Event> events = selectOnServer ? op.withField("involvedObject.name", item.name()).list().getItems()
                : op.list().getItems();
        List<ItemEvent> out = new ArrayList<>();
        for (Event e : events) {
            if (e.getInvolvedObject() != null && item.name().equals(e.getInvolvedObject().getName())
                    && kinds.contains(e.getInvolvedObject().getKind())) {
                out.add(new ItemEvent(timeOf(e), e.getType(), e.getReason(), e.getMessage()));
            }
        }
        return out;
    }

    static Instant timeOf(Event e) {
        for (String s : new String[] {
                e.getEventTime() == null ? null : e.getEventTime().getTime(),
                e.getLastTimestamp(), e.getFirstTimestamp(),
                e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp()}) {
            if (s != null && !s.isEmpty()) {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException ex) {
                    try {
                        return java.time.OffsetDateTime.parse(s).toInstant();
                    } catch (DateTimeParseException ignored) {
                        // try the next field
                    }
                }
            }
        }
        return null;
    }

    private <T> CompletableFuture<T> async(Supplier<T> s) {
        CompletableFuture<T> result = new CompletableFuture<>();
        blocking.execute(() -> {
            try {
                result.complete(s.get());
            } catch (WharfException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                int code = KubernetesErrors.code(e);
                result.completeExceptionally(code == 403
                        ? new WharfException("Not permitted to read this from " + name + " (403 Forbidden). "
                        + "Ask a cluster admin for 'get'/'list' on it.", e)
                        : new WharfException(KubernetesErrors.unreachable(name, String.valueOf(client.getMasterUrl()), e), e));
            }
        });
        return result;
    }
}
