package dev.wharf.libvirt;

import dev.wharf.inventory.Usage;
import dev.wharf.inventory.UsageListener;
import dev.wharf.inventory.UsagePoll;
import dev.wharf.inventory.UsageSource;
import dev.wharf.inventory.WharfException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.libvirt.MemoryStatistic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A libvirt host's usage ({@link UsageSource}), measured on the source's worker through
 * {@link DomainCalls} (never on libvirt's event loop): every {@link #INTERVAL} (the second sample
 * {@link #FIRST} after the first, so rates come quickly), the running domains that are focused, or all
 * of them when the host runs at most {@link #ALL_UP_TO}:
 * <ul>
 *   <li>CPU % = Δ CPU time ÷ Δ wall time ÷ vCPUs ({@code virDomainGetInfo}; QEMU's own threads can pass 100);</li>
 *   <li>memory: the balloon's statistics (available − unused) when the guest has a balloon, else the
 *       current allocation (then no percentage: what the guest uses of it is unknown);</li>
 *   <li>disk read/write and network receive/transmit bytes/s, summed over the disk and interface
 *       targets of the domain's XML ({@code virDomainBlockStats}, {@code virDomainInterfaceStats});</li>
 *   <li>the host item: CPU and memory ({@code virNodeGetCPUStats}, {@code virNodeGetMemoryStats} through
 *       {@link NativeShim}).</li>
 * </ul>
 * A first sample has no rates (null), never 0.
 */
final class LibvirtUsage implements UsageSource {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtUsage.class);
    static final Duration INTERVAL = Duration.ofSeconds(3);
    static final Duration FIRST = Duration.ofSeconds(1);
    /** Up to this many running domains, all are measured; above, the focused ones only. */
    static final int ALL_UP_TO = 50;
    /** virConnectListAllDomainsFlags: VIR_CONNECT_LIST_DOMAINS_ACTIVE. */
    private static final int ACTIVE = 1;
    /** virDomainMemoryStatTags: UNUSED, AVAILABLE; VIR_DOMAIN_MEMORY_STAT_NR. */
    private static final int STAT_UNUSED = 4;
    private static final int STAT_AVAILABLE = 5;
    private static final int STAT_NR = 13;

    private final DomainCalls calls;
    private final String sourceId;
    private final Function<String, String> domainId;
    private final Supplier<String> hostId;
    private final Duration interval;
    private final Duration first;
    private final List<Measuring> watches = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** Bumped when the loop stops: a round of an older loop schedules nothing. */
    private int loop;

    // Worker thread only (rounds run there).
    private final Map<String, Sample> previous = new HashMap<>();
    private final Map<String, Targets> targets = new HashMap<>();
    private long[] previousHost;
    private Integer hostCpus;

    /**
     * @param domainId an item id from a domain name
     * @param hostId   the host item's id (null before the first listing)
     */
    LibvirtUsage(DomainCalls calls, String sourceId, Function<String, String> domainId, Supplier<String> hostId,
                 Duration interval, Duration first) {
        this.calls = calls;
        this.sourceId = sourceId;
        this.domainId = domainId;
        this.hostId = hostId;
        this.interval = interval;
        this.first = first;
    }

    LibvirtUsage(DomainCalls calls, String sourceId, Function<String, String> domainId, Supplier<String> hostId) {
        this(calls, sourceId, domainId, hostId, INTERVAL, FIRST);
    }

    private final class Measuring implements Watch {
        final UsageListener listener;
        volatile Set<String> focus = Set.of();

        Measuring(UsageListener listener) {
            this.listener = listener;
        }

        @Override
        public void focus(Set<String> itemIds) {
            focus = Set.copyOf(itemIds);
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (watches.remove(this) && watches.isEmpty()) {
                    loop++;
                }
            }
        }
    }

    @Override
    public Watch watchUsage(UsageListener listener) {
        Measuring m = new Measuring(listener);
        synchronized (lock) {
            watches.add(m);
            if (watches.size() == 1) {
                int l = ++loop;
                next(l, Duration.ZERO, true);
            }
        }
        return m;
    }

    private void next(int l, Duration delay, boolean firstRound) {
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (lock) {
                if (l != loop) {
                    return;
                }
            }
            Set<String> focus = new HashSet<>();
            watches.forEach(w -> focus.addAll(w.focus));
            calls.onConnection("Measuring usage", c -> round(c, focus)).whenComplete((poll, t) -> {
                UsagePoll p = poll != null ? poll : new UsagePoll(sourceId, Instant.now(), List.of(),
                        "usage unavailable: " + WharfException.userMessage(t));
                boolean again;
                synchronized (lock) {
                    again = l == loop;
                }
                if (!again) {
                    return;
                }
                for (Measuring w : watches) {
                    try {
                        w.listener.onUsage(p);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: a usage listener failed: {}", sourceId, e.toString());
                    }
                }
                next(l, firstRound && poll != null ? first : interval, firstRound && poll == null);
            });
        });
    }

    /** One round on the worker: the host, then the running domains to measure. */
    UsagePoll round(Connect c, Set<String> focus) throws LibvirtException {
        long wall = System.nanoTime();
        Instant at = Instant.now();
        List<Usage> out = new ArrayList<>();
        Usage host = host(c, wall, at);
        if (host != null) {
            out.add(host);
        }
        Domain[] running = c.listAllDomains(ACTIVE);
        boolean all = running.length <= ALL_UP_TO;
        Set<String> seen = new HashSet<>();
        for (Domain d : running) {
            try {
                String id = domainId.apply(d.getName());
                if (!all && !focus.contains(id)) {
                    continue;
                }
                String uuid = d.getUUIDString();
                seen.add(uuid);
                out.add(domain(d, id, uuid, wall, at));
            } catch (LibvirtException e) {
                if (!LibvirtMessages.isNoDomain(e)) {
                    throw e;
                } // stopped between list and read: not running, no figure
            } finally {
                try {
                    d.free();
                } catch (LibvirtException | RuntimeException e) {
                    // gone
                }
            }
        }
        previous.keySet().retainAll(seen);
        targets.keySet().retainAll(seen);
        return new UsagePoll(sourceId, at, out, "");
    }

    private Usage domain(Domain d, String id, String uuid, long wall, Instant at) throws LibvirtException {
        DomainInfo info = d.getInfo();
        int domId = d.getID();
        Targets t = targets.get(uuid);
        if (t == null || t.domId != domId) {
            t = Targets.parse(domId, d.getXMLDesc(0));
            targets.put(uuid, t);
        }
        Long rd = null;
        Long wr = null;
        for (String disk : t.disks) {
            try {
                var b = d.blockStats(disk);
                rd = (rd == null ? 0 : rd) + Math.max(0, b.rd_bytes);
                wr = (wr == null ? 0 : wr) + Math.max(0, b.wr_bytes);
            } catch (LibvirtException e) {
                LOG.trace("{}: no block stats for {} of {}: {}", sourceId, disk, id, e.getMessage());
            }
        }
        Long rx = null;
        Long tx = null;
        for (String nic : t.interfaces) {
            try {
                var s = d.interfaceStats(nic);
                rx = (rx == null ? 0 : rx) + Math.max(0, s.rx_bytes);
                tx = (tx == null ? 0 : tx) + Math.max(0, s.tx_bytes);
            } catch (LibvirtException e) {
                LOG.trace("{}: no interface stats for {} of {}: {}", sourceId, nic, id, e.getMessage());
            }
        }
        Long memory = null;
        Double memoryPercent = null;
        if (t.balloon) {
            try {
                long available = -1;
                long unused = -1;
                for (MemoryStatistic m : d.memoryStats(STAT_NR)) {
                    if (m.getTag() == STAT_AVAILABLE) {
                        available = m.getValue();
                    } else if (m.getTag() == STAT_UNUSED) {
                        unused = m.getValue();
                    }
                }
                if (available > 0 && unused >= 0 && unused <= available) {
                    memory = (available - unused) * 1024;
                    memoryPercent = (available - unused) * 100.0 / available;
                }
            } catch (LibvirtException e) {
                LOG.trace("{}: no balloon stats for {}: {}", sourceId, id, e.getMessage());
            }
        }
        if (memory == null) {
            memory = info.memory * 1024; // the current allocation
        }
        Sample now = new Sample(domId, wall, info.cpuTime, rd, wr, rx, tx);
        Sample before = previous.put(uuid, now);
        return now.usage(id, at, before, Math.max(1, info.nrVirtCpu), memory, memoryPercent);
    }

    /** The host's CPU (a rate: needs the previous round) and memory; null before the host is listed. */
    private Usage host(Connect c, long wall, Instant at) throws LibvirtException {
        String id = hostId.get();
        if (id == null) {
            return null;
        }
        if (hostCpus == null) {
            hostCpus = c.nodeInfo().cpus;
        }
        Map<String, Long> cpu = NativeShim.nodeStats(c, false);
        Double cores = null;
        Double percent = null;
        Duration window = null;
        if (!cpu.isEmpty()) {
            long total = 0;
            long idle = 0;
            for (Map.Entry<String, Long> e : cpu.entrySet()) {
                if (e.getKey().equals("utilization")) {
                    continue;
                }
                total += e.getValue();
                if (e.getKey().equals("idle") || e.getKey().equals("iowait")) {
                    idle += e.getValue();
                }
            }
            long[] now = {wall, total, idle};
            long[] before = previousHost;
            previousHost = now;
            if (before != null && now[1] > before[1]) {
                long dTotal = now[1] - before[1];
                long dBusy = dTotal - (now[2] - before[2]);
                percent = Math.max(0, dBusy) * 100.0 / dTotal;
                cores = percent / 100.0 * hostCpus;
                window = Duration.ofNanos(wall - before[0]);
            } else if (before != null) {
                window = Duration.ofNanos(wall - before[0]); // nothing counted: the driver's figures stand still
            }
        }
        Map<String, Long> mem = NativeShim.nodeStats(c, true);
        Long used = null;
        Double memPercent = null;
        Long total = mem.get("total");
        Long free = mem.get("free");
        if (total != null && free != null && total > 0) {
            long u = total - free - mem.getOrDefault("buffers", 0L) - mem.getOrDefault("cached", 0L);
            used = Math.max(0, u) * 1024;
            memPercent = Math.max(0, u) * 100.0 / total;
        }
        return new Usage(id, at, window, cores, percent, used, memPercent, null, null, null, null, "");
    }

    /** One domain's counters at one moment. */
    record Sample(int domId, long wallNanos, long cpuNanos, Long rdBytes, Long wrBytes, Long rxBytes, Long txBytes) {

        /** The usage since {@code before} (rates null without it, or when the domain was restarted meanwhile). */
        Usage usage(String itemId, Instant at, Sample before, int vcpus, Long memory, Double memoryPercent) {
            if (before == null || before.domId != domId || wallNanos <= before.wallNanos) {
                return new Usage(itemId, at, null, null, null, memory, memoryPercent, null, null, null, null, "");
            }
            long dWall = wallNanos - before.wallNanos;
            double seconds = dWall / 1e9;
            double cores = Math.max(0, cpuNanos - before.cpuNanos) / (double) dWall;
            return new Usage(itemId, at, Duration.ofNanos(dWall), cores, cores * 100.0 / vcpus, memory, memoryPercent,
                    rate(rdBytes, before.rdBytes, seconds), rate(wrBytes, before.wrBytes, seconds),
                    rate(rxBytes, before.rxBytes, seconds), rate(txBytes, before.txBytes, seconds), "");
        }

        private static Long rate(Long now, Long before, double seconds) {
            return now == null || before == null ? null : Math.round(Math.max(0, now - before) / seconds);
        }
    }

    /** The disk and interface targets of a running domain (its XML, read once per boot), and whether it has a balloon. */
    record Targets(int domId, List<String> disks, List<String> interfaces, boolean balloon) {
        private static final java.util.regex.Pattern DISK = java.util.regex.Pattern.compile(
                "<disk\\b[^>]*>(.*?)</disk>", java.util.regex.Pattern.DOTALL);
        private static final java.util.regex.Pattern NIC = java.util.regex.Pattern.compile(
                "<interface\\b[^>]*>(.*?)</interface>", java.util.regex.Pattern.DOTALL);
        private static final java.util.regex.Pattern TARGET = java.util.regex.Pattern.compile(
                "<target\\b[^>]*\\bdev=['\"]([^'\"]+)['\"]");
        private static final java.util.regex.Pattern NO_BALLOON = java.util.regex.Pattern.compile(
                "<memballoon\\b[^>]*model=['\"]none['\"]");

        static Targets parse(int domId, String xml) {
            return new Targets(domId, targets(DISK, xml), targets(NIC, xml),
                    xml.contains("<memballoon") && !NO_BALLOON.matcher(xml).find());
        }

        private static List<String> targets(java.util.regex.Pattern block, String xml) {
            List<String> out = new ArrayList<>();
            var m = block.matcher(xml);
            while (m.find()) {
                var t = TARGET.matcher(m.group(1));
                if (t.find()) {
                    out.add(t.group(1));
                }
            }
            return out;
        }
    }
}
