package dev.wharf.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's directories: one per running lab under {@code java.io.tmpdir/wharf-lab/}, holding
 * an {@code owner.pid} with the JVM's pid, the kubeconfig, the test driver's XML and the
 * embedded QEMU root. A lab whose JVM died (a crash, {@code kill -9}) leaves its directory
 * behind: the next lab finds it, kills the QEMU processes started from it and deletes it.
 */
final class LabDirs {

    private static final Logger LOG = LoggerFactory.getLogger(LabDirs.class);
    static final String OWNER = "owner.pid";

    private LabDirs() {
    }

    /** {@code java.io.tmpdir/wharf-lab}. */
    static Path base() {
        return Path.of(System.getProperty("java.io.tmpdir"), "wharf-lab");
    }

    /** A fresh directory for this lab, owned by this JVM. */
    static Path create() {
        try {
            Path base = base();
            Files.createDirectories(base);
            Path dir = Files.createTempDirectory(base, "lab-" + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(dir.resolve(OWNER), String.valueOf(ProcessHandle.current().pid()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lab's directory under " + base(), e);
        }
    }

    /** Removes what crashed labs left: their QEMU processes and their directories. Answers what it removed. */
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
                Optional<Long> owner = owner(dir);
                boolean alive = owner.flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
                if (alive && owner.get() != ProcessHandle.current().pid()) {
                    continue; // another lab, running
                }
                if (alive) {
                    continue; // ours: closed by its own Lab
                }
                int killed = killProcessesUnder(dir);
                deleteTree(dir);
                removed.add(dir);
                LOG.info("lab: removed the leftovers of a crashed lab in {} ({} QEMU process(es) killed)", dir, killed);
            }
        } catch (IOException e) {
            LOG.warn("lab: cannot look for leftovers in {}: {}", base, e.toString());
        }
        return removed;
    }

    private static Optional<Long> owner(Path dir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve(OWNER)).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Kills processes whose command line names {@code dir} (QEMU started by an embedded driver
     * rooted there keeps paths under it in its arguments). Linux {@code /proc}; elsewhere none.
     */
    static int killProcessesUnder(Path dir) {
        String needle = dir.toAbsolutePath().toString();
        int killed = 0;
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return 0;
        }
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                } catch (IOException e) {
                    continue; // gone, or not ours to read
                }
                if (cmdline.contains(needle + "/") || cmdline.contains(needle + " ")) {
                    Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(name));
                    if (h.isPresent() && h.get().destroyForcibly()) {
                        killed++;
                        try {
                            h.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (Exception e) {
                            // best effort
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("lab: cannot list /proc: {}", e.toString());
        }
        return killed;
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
