package dev.wharf.kubernetes.logs;

import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.inventory.LogFeed;
import dev.wharf.inventory.LogLine;
import dev.wharf.inventory.LogRequest;
import dev.wharf.inventory.LogStream;
import dev.wharf.inventory.LogStreams;
import dev.wharf.inventory.MergedLogFeed;
import dev.wharf.inventory.WharfException;
import dev.wharf.kubernetes.mapping.LogStreamsMapper;
import dev.wharf.kubernetes.mapping.PodMapper;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Opens the logs of a connection's items: a pod's or microVM pod's containers, a KubeVirt VM's
 * guest console log and launcher ({@code guest-console-log} and {@code compute} containers of
 * its virt-launcher pod). One {@link PodLogFeed} per container, merged by timestamp when several.
 */
public final class KubernetesLogs {
    /** How long a followed log waits, at most, between reconnect attempts. */
    static final long MAX_BACKOFF_MILLIS = 5_000;
    /** How long a followed merged log holds a line for a quieter log to catch up. */
    static final long MERGE_HOLD_MILLIS = 300;

    private final KubernetesClient client;
    private final ExecutorService blocking;
    private final Function<String, Pod> cachedPod;
    private final long maxBackoffMillis;

    /**
     * @param cachedPod the informer's pod by {@code namespace/name}, null when absent (then the server is asked)
     */
    public KubernetesLogs(KubernetesClient client, ExecutorService blocking, Function<String, Pod> cachedPod) {
        this(client, blocking, cachedPod, MAX_BACKOFF_MILLIS);
    }

    KubernetesLogs(KubernetesClient client, ExecutorService blocking, Function<String, Pod> cachedPod,
                   long maxBackoffMillis) {
        this.client = client;
        this.blocking = blocking;
        this.cachedPod = cachedPod;
        this.maxBackoffMillis = maxBackoffMillis;
    }

    public CompletableFuture<LogFeed> open(Item item, LogRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            if (item.kind() == Kind.POD || item.kind() == Kind.MICROVM) {
                return ofPod(item, request);
            }
            if (item.kind() == Kind.VM) {
                return ofVm(item, request);
            }
            throw new WharfException(item.kind().wire() + " " + item.name() + " has no logs");
        }, blocking);
    }

    private LogFeed ofPod(Item item, LogRequest request) {
        Pod pod = pod(item.namespace(), item.name());
        if (pod == null) {
            throw new WharfException("pod " + item.namespace() + "/" + item.name() + " no longer exists");
        }
        LogStreams streams = LogStreamsMapper.ofPod(pod);
        String label = item.kind().wire() + "/" + item.namespace() + "/" + item.name();
        if (request.allStreams()) {
            List<String> order = new ArrayList<>();
            for (LogStream.Type t : List.of(LogStream.Type.INIT_CONTAINER, LogStream.Type.CONTAINER,
                    LogStream.Type.EPHEMERAL_CONTAINER)) {
                streams.streams().stream().filter(s -> s.type() == t).forEach(s -> order.add(s.name()));
            }
            return merged("logs of " + label + ", all containers", pod, order, request, null);
        }
        String name = request.stream();
        List<LogLine> notices = new ArrayList<>();
        if (name == null) {
            name = streams.defaultStream();
            if (name == null) {
                throw new WharfException(label + " has no containers");
            }
            if (streams.streams().size() > 1) {
                boolean annotated = name.equals(pod.getMetadata().getAnnotations() == null ? null
                        : pod.getMetadata().getAnnotations().get(LogStreamsMapper.DEFAULT_CONTAINER_ANNOTATION));
                notices.add(LogLine.marker(LogLine.Kind.NOTICE, null, null, "Defaulted container \"" + name + "\""
                        + (annotated ? " (its " + LogStreamsMapper.DEFAULT_CONTAINER_ANNOTATION + " annotation)" : "")
                        + " out of: " + String.join(", ", streams.streams().stream().map(LogStream::label).toList())));
            }
        } else if (streams.find(name).isEmpty()) {
            throw new WharfException("container " + name + " is not valid for pod " + pod.getMetadata().getName()
                    + ": choose one of " + String.join(", ", streams.streams().stream().map(LogStream::name).toList()));
        }
        LogFeed feed = feed(pod, name, request, null);
        return notices.isEmpty() ? feed : new NoticeFeed(feed, notices);
    }

    private LogFeed ofVm(Item item, LogRequest request) {
        LogStreams streams = item.facet(LogStreams.class).orElse(LogStreamsMapper.ofVm(null, null));
        String label = "vm/" + item.namespace() + "/" + item.name();
        String name = request.stream() == null ? LogStreamsMapper.GUEST_CONSOLE_LOG : request.stream();
        if (!request.allStreams() && streams.find(name).isEmpty()) {
            throw new WharfException(label + " has no log " + name + ": its logs are "
                    + String.join(", ", streams.streams().stream().map(LogStream::name).toList()));
        }
        boolean guestOff = !streams.note().isEmpty();
        if (!request.allStreams() && guestOff && name.equals(LogStreamsMapper.GUEST_CONSOLE_LOG)) {
            throw new WharfException(streams.note());
        }
        Pod launcher = launcher(item);
        if (launcher == null) {
            throw new WharfException(label + " is not running: it has no virt-launcher pod, so no logs (start it first)");
        }
        String hint = "; the guest console log needs KubeVirt 1.1 or later and must not be disabled cluster-wide"
                + " (KubeVirt CR spec.configuration.virtualMachineOptions.disableSerialConsoleLog);"
                + " -c " + LogStreamsMapper.COMPUTE + " reads the launcher's log";
        if (request.allStreams()) {
            List<String> both = guestOff ? List.of(LogStreamsMapper.COMPUTE)
                    : List.of(LogStreamsMapper.GUEST_CONSOLE_LOG, LogStreamsMapper.COMPUTE);
            return merged("logs of " + label, launcher, both, request, hint);
        }
        return feed(launcher, name, request, name.equals(LogStreamsMapper.GUEST_CONSOLE_LOG) ? hint : null);
    }

    private LogFeed merged(String description, Pod pod, List<String> containers, LogRequest request, String hint) {
        List<LogFeed> feeds = containers.stream().map(c -> feed(pod, c, request, hint)).toList();
        return new MergedLogFeed(description, feeds, request.follow() ? MERGE_HOLD_MILLIS : Long.MAX_VALUE);
    }

    private LogFeed feed(Pod pod, String container, LogRequest request, String refusalHint) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        return new PodLogFeed(client.getHttpClient(), String.valueOf(client.getMasterUrl()), ns, name, container,
                request, "pod/" + name + "/" + container, () -> fresh(ns, name), maxBackoffMillis, refusalHint);
    }

    /** The VM's virt-launcher pod: owned by its VMI, running rather than finished, the newest. */
    private Pod launcher(Item vm) {
        List<Pod> pods;
        try {
            pods = client.pods().inNamespace(vm.namespace()).withLabel(PodMapper.LAUNCHER_LABEL, PodMapper.LAUNCHER)
                    .list().getItems();
        } catch (KubernetesClientException e) {
            throw new WharfException("cannot list the virt-launcher pods of vm/" + vm.namespace() + "/" + vm.name()
                    + ": " + WharfException.userMessage(e), e);
        }
        return pods.stream()
                .filter(p -> ownedBy(p, vm.name()))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .max(Comparator.comparing((Pod p) -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                        .thenComparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                .orElse(null);
    }

    private static boolean ownedBy(Pod p, String vmiName) {
        List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(r -> "VirtualMachineInstance".equals(r.getKind())
                && vmiName.equals(r.getName()));
    }

    private Pod pod(String ns, String name) {
        Pod cached = cachedPod.apply(ns + "/" + name);
        if (cached != null) {
            return cached;
        }
        try {
            return fresh(ns, name);
        } catch (KubernetesClientException e) {
            throw new CompletionException(new WharfException("cannot read pod " + ns + "/" + name + ": "
                    + WharfException.userMessage(e), e));
        }
    }

    private Pod fresh(String ns, String name) {
        return client.pods().inNamespace(ns).withName(name).get();
    }
}
