package dev.wharf.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lab cleans up after itself, and after a crashed lab. */
class LabLifecycleIT {

    @Test
    void closeStopsTheApiAndDeletesTheLabsDirectory() throws Exception {
        Lab lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
        Path dir = lab.directory();
        assertThat(dir).isDirectory().startsWith(LabDirs.base());
        assertThat(lab.kubeconfig()).isRegularFile().startsWith(dir);
        String kubeconfig = Files.readString(lab.kubeconfig());
        assertThat(kubeconfig).contains("current-context: wharf-lab", lab.apiUrl())
                .doesNotContain("token", "password", "client-key");
        assertThat(LabTesting.get(lab, "/version").statusCode()).isEqualTo(200);
        assertThat(lab.notice()).isEmpty();
        assertThat(lab.libvirtUris()).isEmpty();

        lab.close();
        lab.close(); // idempotent
        assertThat(dir).doesNotExist();
        assertThatThrownBy(() -> LabTesting.get(lab, "/version")).isInstanceOf(ConnectException.class);
    }

    @Test
    void aCrashedLabsLeftoversAreRemovedByTheNextLabButNotTheUsersProcesses() throws Exception {
        // a crashed lab: its JVM is gone, its directory and a "guest" it started are not
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor(10, TimeUnit.SECONDS);
        Path stale = LabDirs.base().resolve("lab-" + dead.pid() + "-crashed");
        Files.createDirectories(stale.resolve("qemu"));
        Files.writeString(stale.resolve(LabDirs.OWNER), String.valueOf(dead.pid()));
        Files.writeString(stale.resolve(LabDirs.OWNER_START), "12345");
        Files.writeString(stale.resolve("kubeconfig"), "apiVersion: v1\n");
        Process guest = new ProcessBuilder("sh", "-c", "sleep 600", stale.resolve("qemu/guest").toString()).start();
        LabDirs.record(stale, LabProcess.of(guest.pid()).orElseThrow());
        // the user's own processes naming the lab's directory, as the lab told them to
        Process user = new ProcessBuilder("sh", "-c", "sleep 600", "kubectl", "--kubeconfig",
                stale.resolve("kubeconfig").toString()).start();
        Process userInQemuDir = new ProcessBuilder("sh", "-c", "sleep 600", stale.resolve("qemu/guest").toString()).start();
        // a recorded pid that now names another process (same pid, other start time)
        Process reused = new ProcessBuilder("sh", "-c", "sleep 600").start();
        LabProcess now = LabProcess.of(reused.pid()).orElseThrow();
        LabDirs.record(stale, new LabProcess(now.pid(), now.startTicks() - 1));
        try {
            Lab lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
            try {
                assertThat(guest.waitFor(10, TimeUnit.SECONDS)).as("the crashed lab's guest was ended").isTrue();
                assertThat(stale).doesNotExist();
                assertThat(lab.directory()).isDirectory();
                assertThat(user.isAlive()).as("the user's kubectl naming the lab's kubeconfig survives").isTrue();
                assertThat(userInQemuDir.isAlive()).as("a process naming the lab's QEMU directory survives").isTrue();
                assertThat(reused.isAlive()).as("a reused pid is not signalled").isTrue();
            } finally {
                lab.close();
            }
        } finally {
            for (Process p : new Process[] {guest, user, userInQemuDir, reused}) {
                p.destroyForcibly();
            }
            LabDirs.deleteTree(stale);
        }
    }

    @Test
    void aLabWhoseJvmIsAZombieCountsAsDead() throws Exception {
        // sh forks a child that exits at once, then becomes `sleep`, which never reaps it: a zombie
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & echo $!; exec sleep 600").start();
        try {
            long zombie = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(
                    parent.getInputStream())).readLine().strip());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(Path.of("/proc/" + zombie + "/stat")).contains(") Z ")
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Path stale = LabDirs.base().resolve("lab-" + zombie + "-killed");
            Files.createDirectories(stale);
            Files.writeString(stale.resolve(LabDirs.OWNER), String.valueOf(zombie)); // as older labs wrote it
            try {
                Lab lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
                lab.close();
                assertThat(stale).as("the dead lab's directory was cleaned").doesNotExist();
            } finally {
                LabDirs.deleteTree(stale);
            }
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aRunningLabsDirectoryIsLeftAlone() throws IOException {
        Lab first = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
        try {
            Lab second = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
            try {
                assertThat(first.directory()).isDirectory();
                assertThat(second.apiUrl()).isNotEqualTo(first.apiUrl());
            } finally {
                second.close();
            }
        } finally {
            first.close();
        }
    }
}
