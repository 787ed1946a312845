package dev.wharf.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's directories: one per running lab under {@code java.io.tmpdir/wharf-lab/}, holding
 * an {@code owner.pid} with the JVM's pid and start time, the kubeconfig, the test driver's XML,
 * the private libvirt daemon's root and {@code processes} (what the lab started). A lab whose JVM
 * died (a crash, {@code kill -9}) leaves its directory behind: the next lab finds it, ends the
 * processes it recorded and the guests of its daemon (each checked to still be that process) and
 * deletes it.
 */
final class LabDirs {

    private static final Logger LOG = LoggerFactory.getLogger(LabDirs.class);
    static final String OWNER = "owner.pid";
    /** The owner JVM's start time ({@link LabProcess#startTicks()}). */
    static final String OWNER_START = "owner.start";
    /** The processes a lab started, one {@code "PID STARTTICKS"} a line. */
    static final String PROCESSES = "processes";

    private LabDirs() {
    }

    /** {@code java.io.tmpdir/wharf-lab}. */
    static Path base() {
        return Path.of(System.getProperty("java.io.tmpdir"), "wharf-lab");
    }

    /**
     * A fresh directory for this lab, owned by this JVM. It appears under its {@code lab-} name
     * only once its {@code owner.pid} is written (made aside, then renamed), so that another lab
     * cleaning up at that moment never takes it for a crashed one.
     */
    static Path create() {
        try {
            Path base = base();
            Files.createDirectories(base);
            Path tmp = Files.createTempDirectory(base, ".new-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            LabProcess self = LabProcess.self();
            Files.writeString(tmp.resolve(OWNER), String.valueOf(self.pid()));
            Files.writeString(tmp.resolve(OWNER_START), String.valueOf(self.startTicks()));
            while (true) {
                Path dir = base.resolve("lab-" + ProcessHandle.current().pid() + "-"
                        + Long.toUnsignedString(RANDOM.nextLong()));
                try {
                    return Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    // drawn twice: draw again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lab's directory under " + base(), e);
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * Removes what crashed labs left: the processes they recorded (still those processes: same
     * pid and start time), the QEMU guests named by their daemon's pid files (verified the same
     * way), and their directories. Never a process merely because its command line names the
     * directory: that may be the user's {@code kubectl --kubeconfig …} or an editor. Answers
     * what it removed.
     */
    static List<Path> cleanStale() {
        List<Path> removed = new ArrayList<>();
        Path base = base();
        if (!Files.isDirectory(base)) {
            return removed;
        }
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path dir : dirs.toList()) {
                if (!Files.isDirectory(dir) || !(dir.getFileName().toString().startsWith("lab-")
                        || dir.getFileName().toString().startsWith("qemu-"))) {
                    continue;
                }
                if (ownerRunning(dir)) {
                    continue; // another lab, running, or one of this JVM (closed by its own Lab)
                }
                int stopped = stopProcesses(dir);
                deleteTree(dir);
                removed.add(dir);
                LOG.info("lab: removed the leftovers of a crashed lab in {} ({} process(es) it started ended)",
                        dir, stopped);
            }
        } catch (IOException e) {
            LOG.warn("lab: cannot look for leftovers in {}: {}", base, e.toString());
        }
        return removed;
    }

    /**
     * Whether the JVM that owns {@code dir} still runs: {@code owner.pid} holds its pid (the
     * format every lab version reads), {@code owner.start} its start time; without the latter
     * (an older lab) a pid counts while it is a live, non-zombie process.
     */
    static boolean ownerRunning(Path dir) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(dir.resolve(OWNER)).strip());
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        try {
            return new LabProcess(pid, Long.parseLong(Files.readString(dir.resolve(OWNER_START)).strip())).running();
        } catch (IOException | NumberFormatException e) {
            return LabProcess.of(pid).isPresent();
        }
    }

    /** Records a process this lab started, so that a later lab can end it if this one crashes. */
    static void record(Path dir, LabProcess p) {
        try {
            Files.writeString(dir.resolve(PROCESSES), p.line() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("lab: cannot record process {} in {}: {}", p.pid(), dir, e.toString());
        }
    }

    /**
     * Ends what the lab in {@code dir} started and is still running: the processes it recorded,
     * then QEMU guests by the pid files its libvirt daemon keeps (a guest started later by an
     * action is recorded only there). Answers how many it ended.
     */
    static int stopProcesses(Path dir) {
        int stopped = 0;
        for (LabProcess p : guests(dir)) {
            if (p.stop(Duration.ofSeconds(3))) {
                stopped++;
            }
        }
        for (LabProcess p : recorded(dir)) {
            if (p.stop(Duration.ofSeconds(3))) {
                stopped++;
            }
        }
        return stopped;
    }

    /** The processes recorded in {@code dir} (whether or not they still run). */
    static List<LabProcess> recorded(Path dir) {
        try {
            return Files.readAllLines(dir.resolve(PROCESSES)).stream()
                    .map(LabProcess::parse).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * QEMU guests named by libvirt's pid files under {@code dir} ({@code …/qemu/NAME.pid}): a
     * pid counts only while it is a {@code qemu-system-*} process that started within a minute
     * of its pid file being written (libvirt writes it as it forks QEMU); a pid reused since by
     * another process does not fit.
     */
    static List<LabProcess> guests(Path dir) {
        List<LabProcess> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 6)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".pid")
                    && p.getParent().toString().contains("qemu")).toList()) {
                try {
                    long pid = Long.parseLong(Files.readString(f).strip());
                    Instant written = Files.getLastModifiedTime(f).toInstant();
                    LabProcess.of(pid).filter(p -> p.executable().startsWith("qemu-system"))
                            .filter(p -> p.started().map(t -> Duration.between(t, written).abs()
                                    .compareTo(Duration.ofSeconds(60)) < 0).orElse(false))
                            .ifPresent(out::add);
                } catch (IOException | NumberFormatException e) {
                    // not a pid file of a running guest
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("lab: cannot look for guests under {}: {}", dir, e.toString());
        }
        return out;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    deleteQuietly(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    deleteQuietly(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("lab: cannot delete {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path p) throws IOException {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
            // raced
        } catch (IOException e) {
            LOG.debug("lab: cannot delete {}: {}", p, e.toString());
        }
    }
}
