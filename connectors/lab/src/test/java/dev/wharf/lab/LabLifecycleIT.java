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
    void aCrashedLabsLeftoversAreRemovedByTheNextLab() throws Exception {
        // a crashed lab: its JVM is gone, its directory and a "guest" started from it are not
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor(10, TimeUnit.SECONDS);
        Path stale = LabDirs.base().resolve("lab-" + dead.pid() + "-crashed");
        Files.createDirectories(stale.resolve("qemu"));
        Files.writeString(stale.resolve(LabDirs.OWNER), String.valueOf(dead.pid()));
        Process guest = new ProcessBuilder("sh", "-c", "sleep 600", stale.resolve("qemu/guest").toString()).start();
        assertThat(guest.isAlive()).isTrue();
        try {
            Lab lab = Lab.start(new Lab.Options(Lab.LibvirtMode.NONE, 0, Duration.ofMillis(300)));
            try {
                assertThat(guest.waitFor(10, TimeUnit.SECONDS)).as("the stale guest was killed").isTrue();
                assertThat(stale).doesNotExist();
                assertThat(lab.directory()).isDirectory();
            } finally {
                lab.close();
            }
        } finally {
            guest.destroyForcibly();
            LabDirs.deleteTree(stale);
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
