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

    @Test
    void aConnectionSavedReadOnlyIsReadOnlyAndItsBackendRefusesActions() throws Exception {
        Path kubeconfig = dir.resolve("ro.yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: prod, context: {cluster: c, user: u}}, {name: dev, context: {cluster: c, user: u}}]
                current-context: prod
                """);
        sources.applySaved(List.of(ConnectionEntry.kubernetes(kubeconfig.toString(), "prod").withReadOnly(true),
                ConnectionEntry.kubernetes(kubeconfig.toString(), "dev")));
        assertThat(sources.readOnly("k8s:prod")).isTrue();
        assertThat(sources.readOnly("k8s:dev")).isFalse();
        dev.wharf.views.model.Backend backend = new dev.wharf.views.model.Backend(sources::source, sources::readOnly);
        dev.wharf.inventory.Item vm = dev.wharf.inventory.Item.builder("k8s:prod|vm/a/db", "k8s:prod",
                dev.wharf.inventory.Kind.VM, "db").build();
        assertThat(backend.perform(vm, dev.wharf.inventory.Action.STOP)).failsWithin(java.time.Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("k8s:prod is read-only: Stop db is not allowed");

        // --read-only: every source of the window
        sources.setAllReadOnly(true);
        assertThat(sources.readOnly("k8s:dev")).isTrue();
        // saved again without the mark: no longer read-only
        sources.setAllReadOnly(false);
        sources.applySaved(List.of(ConnectionEntry.kubernetes(kubeconfig.toString(), "prod")));
        assertThat(sources.readOnly("k8s:prod")).isFalse();
    }
}
