package dev.wharf.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process the lab started (its JVM, the private libvirtd, a QEMU guest), known by its pid
 * <em>and</em> its start time ({@code /proc/PID/stat} field 22, clock ticks since boot): a pid
 * alone may name another process by the time a later lab looks at it. The lab only ever signals
 * a process whose pid and start time are still those it recorded.
 *
 * @param pid the process id
 * @param startTicks when it started, in clock ticks since boot
 */
record LabProcess(long pid, long startTicks) {

    /** Linux's USER_HZ: {@code /proc} start times are in these ticks on every architecture we run on. */
    private static final long TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    /** The running process {@code pid} as it is now; empty when it is gone, a zombie, or {@code /proc} is unreadable. */
    static Optional<LabProcess> of(long pid) {
        return stat(pid).filter(s -> !s.dead()).map(s -> new LabProcess(pid, s.startTicks()));
    }

    /** This JVM. */
    static LabProcess self() {
        long pid = ProcessHandle.current().pid();
        return of(pid).orElse(new LabProcess(pid, -1));
    }

    /** A record as written by {@link #line()}; empty for anything else. */
    static Optional<LabProcess> parse(String line) {
        String[] f = line.strip().split("\\s+");
        if (f.length < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LabProcess(Long.parseLong(f[0]), Long.parseLong(f[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code "PID STARTTICKS"}. */
    String line() {
        return pid + " " + startTicks;
    }

    /** Whether this very process still runs: same pid, same start time, not a zombie. */
    boolean running() {
        return startTicks >= 0 && stat(pid).filter(s -> !s.dead() && s.startTicks() == startTicks).isPresent();
    }

    /** When it started (wall clock), from the boot time in {@code /proc/stat}; empty if unknown. */
    Optional<Instant> started() {
        return bootTime().map(boot -> boot.plusMillis(startTicks * 1000 / TICKS_PER_SECOND));
    }

    /** The executable's file name ({@code /proc/PID/exe}), or "" when it cannot be read. */
    String executable() {
        try {
            return Files.readSymbolicLink(PROC.resolve(pid + "/exe")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    /**
     * Ends this process if it is still the one recorded: SIGTERM, then SIGKILL after
     * {@code grace}. Answers whether it signalled it. A pid that now names another process is
     * left alone.
     */
    boolean stop(Duration grace) {
        if (!running()) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return false;
        }
        h.get().destroy();
        if (!awaitExit(grace) && running()) {
            h.get().destroyForcibly();
            awaitExit(Duration.ofSeconds(5));
        }
        return true;
    }

    /** Waits until this process is gone (or a zombie); answers whether it is. */
    boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !running();
            }
        }
        return true;
    }

    private record Stat(char state, long startTicks) {
        boolean dead() {
            return state == 'Z' || state == 'X' || state == 'x';
        }
    }

    /** State (field 3) and start time (field 22) of {@code /proc/PID/stat}; the command (field 2) may hold spaces and parentheses. */
    private static Optional<Stat> stat(long pid) {
        try {
            String s = Files.readString(PROC.resolve(pid + "/stat"));
            int close = s.lastIndexOf(')');
            if (close < 0) {
                return Optional.empty();
            }
            String[] f = s.substring(close + 2).trim().split("\\s+");
            // f[0] is field 3 (state), so field 22 is f[19]
            if (f.length < 20 || f[0].isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Stat(f[0].charAt(0), Long.parseLong(f[19])));
        } catch (IOException | NumberFormatException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> bootTime() {
        try {
            for (String line : Files.readAllLines(PROC.resolve("stat"))) {
                if (line.startsWith("btime ")) {
                    return Optional.of(Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim())));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Optional.empty();
    }
}
