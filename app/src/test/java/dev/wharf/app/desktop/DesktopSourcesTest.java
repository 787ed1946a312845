package dev.wharf.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.views.connect.ConnectionEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesktopSourcesTest {
    @TempDir
    Path dir;

    private final Inventory inventory = new Inventory(Runnable::run);
    private final DesktopSources sources = new DesktopSources(inventory, CredentialPrompt.NONE);

    @AfterEach
    void tearDown() {
        sources.close();
    }

    @Test
    void aSavedConnectionThatCannotOpenShowsItsErrorAndRetryOpensItOnceFixed() throws Exception {
        Path kubeconfig = dir.resolve("team.yaml");
        ConnectionEntry entry = ConnectionEntry.kubernetes(kubeconfig.toString(), "team");
        sources.applySaved(List.of(entry));

        SourceInfo failed = inventory.snapshot().sources().get(0);
        assertThat(failed.status()).isEqualTo(SourceStatus.ERROR);
        assertThat(failed.name()).isEqualTo("team");
        assertThat(failed.message()).contains(kubeconfig.toString()).contains("not found");

        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: team, context: {cluster: c, user: u}}]
                current-context: team
                """);
        sources.source(failed.id()).orElseThrow().retry();

        assertThat(inventory.source(failed.id())).isEmpty();
        assertThat(sources.source("k8s:team")).isPresent();
        assertThat(inventory.source("k8s:team")).isPresent();

        sources.applySaved(List.of());
        assertThat(sources.source("k8s:team")).isEmpty();
        assertThat(inventory.source("k8s:team")).isEmpty();
    }
}
