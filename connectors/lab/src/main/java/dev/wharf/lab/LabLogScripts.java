package dev.wharf.lab;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * What the lab's containers log: a pure function of the pod, the container, the instance and
 * the time, so that tail, since, follow and a reconnect all see the same lines. Entry {@code i}
 * of a log is written at {@code start + i × interval}; an entry may be several lines with one
 * timestamp (a stack trace). The kubelet's rotation is played by keeping the last
 * {@code history} entries.
 */
final class LabLogScripts {
    static final String RESET = "\u001b[0m";
    static final String GREEN = "\u001b[32m";
    static final String YELLOW = "\u001b[33m";
    static final String RED = "\u001b[31m";
    static final String CYAN = "\u001b[36m";
    static final String DIM = "\u001b[2m";
    static final String BOLD_RED = "\u001b[1;31m";

    /**
     * One container instance's log.
     *
     * @param start    when entry 0 was written
     * @param interval between entries
     * @param count    how many entries the instance writes in all; -1 while it runs on
     * @param history  how many entries the log keeps (older ones rotated away)
     * @param entry    the lines of entry {@code i}
     */
    record Script(Instant start, Duration interval, long count, long history, LongFunction<List<String>> entry) {
        Instant timeOf(long i) {
            return start.plus(interval.multipliedBy(i));
        }

        /** The last entry written by {@code now}, -1 when none. */
        long lastAt(Instant now) {
            if (now.isBefore(start)) {
                return -1;
            }
            long i = Duration.between(start, now).toNanos() / Math.max(1, interval.toNanos());
            return count < 0 ? i : Math.min(i, count - 1);
        }

        long firstKept(Instant now) {
            return Math.max(0, lastAt(now) - history + 1);
        }

        boolean finished(Instant now) {
            return count >= 0 && lastAt(now) >= count - 1;
        }
    }

    private LabLogScripts() {
    }

    /** The log of {@code container} in {@code pod}, the previous instance's when {@code previous}; null when none. */
    static Script of(Pod pod, String container, boolean previous, Instant now) {
        String name = pod.getMetadata().getName();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        ContainerStatus status = status(pod, container);
        int restarts = status == null || status.getRestartCount() == null ? 0 : status.getRestartCount();
        Instant started = startOf(pod, status, now);
        if ("virt-launcher".equals(labels.get("kubevirt.io"))) {
            if (previous) {
                return null;
            }
            String vm = name.replaceFirst("^virt-launcher-", "").replaceFirst("-[a-z0-9]{5}$", "");
            return "guest-console-log".equals(container) ? guestConsole(vm, started) : compute(vm, started);
        }
        boolean crashing = status != null && status.getLastState() != null && status.getLastState().getTerminated() != null;
        if (crashing) {
            if (previous && restarts == 0) {
                return null;
            }
            // each instance runs about 40 s before it crashes; while the next waits (CrashLoopBackOff), the
            // log is the last one's (lastState), and the previous is the one before, 5 min earlier
            Instant last = parse(status.getLastState().getTerminated().getStartedAt(), now.minusSeconds(60));
            Instant instanceStart = previous ? last.minusSeconds(300) : last;
            return crash(container, instanceStart, restarts - (previous ? 1 : 0));
        }
        if (previous) {
            return null;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase)) {
            return job(name, started);
        }
        if ("Failed".equals(phase)) {
            return failedJob(container, started);
        }
        if (name.startsWith("spark-driver")) {
            return chatty(name, started);
        }
        return service(name, container, started);
    }

    private static ContainerStatus status(Pod pod, String container) {
        if (pod.getStatus() == null) {
            return null;
        }
        List<ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus().getContainerStatuses() != null) {
            all.addAll(pod.getStatus().getContainerStatuses());
        }
        if (pod.getStatus().getInitContainerStatuses() != null) {
            all.addAll(pod.getStatus().getInitContainerStatuses());
        }
        return all.stream().filter(s -> container.equals(s.getName())).findFirst().orElse(null);
    }

    private static Instant startOf(Pod pod, ContainerStatus s, Instant now) {
        String t = s != null && s.getState() != null && s.getState().getRunning() != null
                ? s.getState().getRunning().getStartedAt()
                : pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        return parse(t, now.minusSeconds(600));
    }

    private static Instant parse(String t, Instant otherwise) {
        try {
            return t == null ? otherwise : Instant.parse(t);
        } catch (RuntimeException e) {
            return otherwise;
        }
    }

    /** A web service: an access log with coloured levels, now and then a warning. */
    private static Script service(String pod, String container, Instant start) {
        String[] paths = {"/", "/products", "/products/4711", "/cart", "/checkout", "/healthz", "/api/v1/prices", "/static/app.js"};
        return new Script(start, Duration.ofMillis(1500), -1, 2_000, i -> {
            Random r = new Random(pod.hashCode() * 31L + i);
            if (i == 0) {
                return List.of(level("INFO") + " " + container + " starting (pid 1, version 2.4." + (pod.length() % 9) + ")",
                        level("INFO") + " listening on :8080");
            }
            int roll = r.nextInt(100);
            if (roll < 6) {
                return List.of(level("WARN") + " slow upstream: " + paths[r.nextInt(paths.length)] + " took "
                        + (900 + r.nextInt(2000)) + "ms");
            }
            if (roll < 8) {
                return List.of(level("ERROR") + " upstream reset: connection refused (payments:8080), retrying");
            }
            int code = roll < 12 ? 404 : 200;
            return List.of(level("INFO") + " " + CYAN + "GET" + RESET + " " + paths[r.nextInt(paths.length)] + " "
                    + (code == 200 ? GREEN : YELLOW) + code + RESET + " " + (2 + r.nextInt(80)) + "ms"
                    + DIM + " ua=Mozilla/5.0 rid=" + Long.toHexString(r.nextLong() & 0xffffffffL) + RESET);
        });
    }

    /** A Spark driver: about 200 lines a second. */
    private static Script chatty(String pod, Instant start) {
        return new Script(start, Duration.ofMillis(5), -1, 60_000, i -> {
            long task = i % 4000;
            long stage = i / 4000;
            return List.of(DIM + "INFO" + RESET + " TaskSetManager: Finished task " + task + ".0 in stage " + stage
                    + ".0 (TID " + i + ") in " + (40 + i % 97) + " ms on 10.244.1." + (10 + i % 40)
                    + " (executor " + (1 + i % 2) + ") (" + (task + 1) + "/4000)");
        });
    }

    /** A job that ran to its end. */
    private static Script job(String pod, Instant start) {
        List<List<String>> lines = List.of(
                List.of("$ golangci-lint run ./..."),
                List.of(level("INFO") + " [config_reader] Config search paths: [./ /src /]"),
                List.of(level("INFO") + " [loader] Go packages loading at mode 575 took 3.2s"),
                List.of(level("INFO") + " [runner] linters took 8.9s with stages: goanalysis_metalinter: 8.7s"),
                List.of(GREEN + "0 issues." + RESET));
        return new Script(start, Duration.ofSeconds(3), lines.size(), lines.size(), i -> lines.get((int) i));
    }

    /** A job that failed: its last lines say why. */
    private static Script failedJob(String container, Instant start) {
        List<List<String>> lines = List.of(
                List.of(level("INFO") + " " + container + " starting: rolling up yesterday's events"),
                List.of(level("INFO") + " reading s3://analytics/events/ (1,284 objects)"),
                List.of(level("ERROR") + " query failed: relation \"events_2026_12_01\" does not exist",
                        "  at rollup.run (rollup.py:88)", "  at main (rollup.py:131)"),
                List.of(level("ERROR") + " " + container + " failed; exit status 1"));
        return new Script(start, Duration.ofSeconds(4), lines.size(), lines.size(), i -> lines.get((int) i));
    }

    /** A container that crashes about 40 s after each start, with its stack trace; the reason is in its log. */
    private static Script crash(String container, Instant start, int instance) {
        List<List<String>> lines = List.of(
                List.of(level("INFO") + " " + container + " starting (instance " + (instance + 1) + ", workers=4, cache=/var/cache/resize)"),
                List.of(level("INFO") + " connected to redis://redis.shop.svc:6379"),
                List.of(level("INFO") + " resizing s3://shop-media/uploads/IMG_4032.HEIC to 1200x1200"),
                List.of(level("WARN") + " decoder heap 1843MiB of 2048MiB"),
                List.of(level("ERROR") + " worker-2 failed on s3://shop-media/uploads/IMG_4032.HEIC",
                        BOLD_RED + "Exception in thread \"worker-2\" java.lang.IllegalStateException: cannot decode HEIC: libheif is not installed" + RESET,
                        "\tat com.example.resize.Decoder.open(Decoder.java:88)",
                        "\tat com.example.resize.Decoder.decode(Decoder.java:41)",
                        "\tat com.example.resize.Worker.resize(Worker.java:127)",
                        "\tat com.example.resize.Worker.run(Worker.java:64)",
                        "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
                        "Caused by: java.lang.UnsatisfiedLinkError: no heif in java.library.path: /usr/lib",
                        "\tat java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2458)",
                        "\tat com.example.resize.Decoder.<clinit>(Decoder.java:22)",
                        "\t... 3 more"),
                List.of(level("ERROR") + " fatal: a worker died; exiting with status 1 (set DECODERS=jpeg,png to skip HEIC)"));
        return new Script(start, Duration.ofSeconds(8), lines.size(), lines.size(), i -> lines.get((int) i));
    }

    /** A KubeVirt VM's serial console, as its guest-console-log container keeps it: the boot, then a login prompt. */
    private static Script guestConsole(String vm, Instant start) {
        List<List<String>> boot = List.of(
                List.of("SeaBIOS (version 1.16.3-debian-1.16.3-2)", "Booting from Hard Disk..."),
                List.of("[    0.000000] Linux version 6.1.0-28-cloud-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC"),
                List.of("[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-cloud-amd64 root=/dev/vda1 ro console=ttyS0"),
                List.of("[    0.412233] virtio_blk virtio2: [vda] 20971520 512-byte logical blocks (10.7 GB/10.0 GiB)"),
                List.of("[    1.031877] EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none."),
                List.of("[    2.118420] systemd[1]: systemd 252.31-1~deb12u1 running in system mode"),
                List.of("[  " + GREEN + "OK" + RESET + "  ] Started systemd-journald.service - Journal Service."),
                List.of("[  " + GREEN + "OK" + RESET + "  ] Reached target network-online.target - Network is Online."),
                List.of("[  " + GREEN + "OK" + RESET + "  ] Started ssh.service - OpenBSD Secure Shell server."),
                List.of("", "Debian GNU/Linux 12 " + vm + " ttyS0", "", vm + " login: "));
        return new Script(start, Duration.ofMillis(700), boot.size(), boot.size(), i -> boot.get((int) i));
    }

    /** virt-launcher's {@code compute} container: libvirt and QEMU as KubeVirt logs them (JSON). */
    private static Script compute(String vm, Instant start) {
        String[] msgs = {"Collected all requested hook sidecar sockets", "Marked as ready",
            "Executing PreStartHook on VMI pod environment", "Domain defined.", "Domain started.",
            "Synced vmi", "Domain XML generated."};
        return new Script(start, Duration.ofSeconds(2), -1, 1_000, i -> {
            String msg = i < msgs.length ? msgs[(int) i] : "Synced vmi";
            String lvl = i % 37 == 36 ? "warning" : "info";
            return List.of("{\"component\":\"virt-launcher\",\"kind\":\"\",\"level\":\"" + lvl + "\",\"msg\":\"" + msg
                    + "\",\"name\":\"" + vm + "\",\"pos\":\"manager.go:" + (800 + i % 300) + "\",\"uid\":\"" + vm.hashCode() + "\"}");
        });
    }

    private static String level(String l) {
        return switch (l) {
            case "INFO" -> GREEN + "INFO " + RESET;
            case "WARN" -> YELLOW + "WARN " + RESET;
            case "ERROR" -> RED + "ERROR" + RESET;
            default -> l;
        };
    }
}
