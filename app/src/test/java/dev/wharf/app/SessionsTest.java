package dev.wharf.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.WharfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsTest {
    @TempDir
    Path home;

    private static SourceOptions options(Optional<Path> kubeconfig, List<String> contexts, List<String> uris, boolean lab) {
        return new SourceOptions(kubeconfig, contexts, uris, lab, false);
    }

    private static final SourceOptions NOTHING = options(Optional.empty(), List.of(), List.of(), false);

    private void kubeconfigAtHome() throws Exception {
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\nkind: Config\n");
    }

    @Test
    void nothingConfiguredMeansTheLab() {
        Sessions.Plan p = Sessions.plan(NOTHING, Map.of(), home);
        assertThat(p.lab()).isTrue();
        assertThat(p.labByDefault()).isTrue();
        assertThat(p.kubernetes()).isFalse();
        assertThat(p.libvirtUris()).isEmpty();
    }

    @Test
    void aKubeconfigAtHomeMeansItsCurrentContextAndNoLab() throws Exception {
        kubeconfigAtHome();
        Sessions.Plan p = Sessions.plan(NOTHING, Map.of(), home);
        assertThat(p.kubernetes()).isTrue();
        assertThat(p.contexts()).isEmpty();
        assertThat(p.kubeconfig()).isEmpty();
        assertThat(p.lab()).isFalse();
    }

    @Test
    void kubeconfigEnvCountsAsConfigured() {
        Sessions.Plan p = Sessions.plan(NOTHING, Map.of("KUBECONFIG", "/etc/k1:/etc/k2"), home);
        assertThat(p.kubernetes()).isTrue();
        assertThat(p.lab()).isFalse();
    }

    @Test
    void choosingOnlyLibvirtOrTheLabLeavesClustersOut() throws Exception {
        kubeconfigAtHome();
        Sessions.Plan libvirt = Sessions.plan(options(Optional.empty(), List.of(), List.of("qemu:///system"), false),
                Map.of(), home);
        assertThat(libvirt.kubernetes()).isFalse();
        assertThat(libvirt.lab()).isFalse();
        assertThat(libvirt.libvirtUris()).containsExactly("qemu:///system");
        Sessions.Plan lab = Sessions.plan(options(Optional.empty(), List.of(), List.of(), true), Map.of(), home);
        assertThat(lab.kubernetes()).isFalse();
        assertThat(lab.lab()).isTrue();
        assertThat(lab.labByDefault()).isFalse();
    }

    @Test
    void contextsOrAKubeconfigFileMeanKubernetesWithTheLabOnlyOnRequest() {
        Sessions.Plan ctx = Sessions.plan(options(Optional.empty(), List.of("prod", "dev"), List.of(), true), Map.of(), home);
        assertThat(ctx.kubernetes()).isTrue();
        assertThat(ctx.contexts()).containsExactly("prod", "dev");
        assertThat(ctx.lab()).isTrue();
        Sessions.Plan file = Sessions.plan(options(Optional.of(Path.of("/k")), List.of(), List.of(), false), Map.of(), home);
        assertThat(file.kubernetes()).isTrue();
        assertThat(file.kubeconfig()).contains(Path.of("/k"));
        assertThat(file.lab()).isFalse();
    }

    @Test
    void aMalformedLibvirtUriFailsBeforeAnythingOpens() {
        Sessions.Plan p = Sessions.plan(options(Optional.empty(), List.of(), List.of("not a uri"), false), Map.of(), home);
        Inventory inv = new Inventory();
        assertThatThrownBy(() -> Sessions.open(p, inv, CredentialPrompt.NONE)).isInstanceOf(WharfException.class)
                .hasMessageContaining("not a uri");
        assertThat(inv.snapshot().sources()).isEmpty();
    }

    @Test
    void anUnknownContextNamesTheKnownOnes() throws Exception {
        Path kc = home.resolve("kubeconfig");
        Files.writeString(kc, String.join("\n", "apiVersion: v1", "kind: Config", "current-context: a",
                "clusters: [{name: a, cluster: {server: 'http://127.0.0.1:1'}}]", "users: [{name: u, user: {}}]",
                "contexts: [{name: a, context: {cluster: a, user: u}}, {name: b, context: {cluster: a, user: u}}]", ""));
        Sessions.Plan p = Sessions.plan(options(Optional.of(kc), List.of("c"), List.of(), false), Map.of(), home);
        assertThatThrownBy(() -> Sessions.open(p, new Inventory(), CredentialPrompt.NONE))
                .isInstanceOf(WharfException.class).hasMessageContaining("'c'").hasMessageContaining("a, b");
    }

    @Test
    void aSessionClosesItsSourcesAndResourcesOnce() {
        int[] closed = new int[1];
        Sessions.Session s = new Sessions.Session(new Inventory(), List.of(), List.of("note"), () -> closed[0]++);
        s.close();
        s.close();
        assertThat(closed[0]).isEqualTo(1);
        assertThat(s.notices()).containsExactly("note");
    }
}
