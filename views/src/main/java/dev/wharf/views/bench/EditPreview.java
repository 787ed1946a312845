package dev.wharf.views.bench;

import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import dev.wharf.views.edit.EditWindow;
import dev.wharf.views.model.TaskRunner;
import dev.wharf.views.theme.ThemeController;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.control.Button;
import org.fxmisc.richtext.CodeArea;

/**
 * The edit window on a KubeVirt VM's definition (as the Kubernetes editor loads it: no status, no
 * managedFields), with two changes made and reviewed: the side-by-side diff and the dry-run verdict,
 * for the README's screenshot. The editor here answers like a server that accepts the change.
 * Args: {@code PNG [light|dark]}.
 */
public final class EditPreview {
    static final String VM = String.join("\n",
            "apiVersion: kubevirt.io/v1",
            "kind: VirtualMachine",
            "metadata:",
            "  annotations:",
            "    kubevirt.io/latest-observed-api-version: v1",
            "  labels:",
            "    app: postgres",
            "    tenant: payments",
            "  name: db",
            "  namespace: prod",
            "spec:",
            "  runStrategy: Always",
            "  template:",
            "    metadata:",
            "      labels:",
            "        kubevirt.io/domain: db",
            "    spec:",
            "      domain:",
            "        cpu:",
            "          cores: 2",
            "        devices:",
            "          disks:",
            "          - disk:",
            "              bus: virtio",
            "            name: rootdisk",
            "          interfaces:",
            "          - masquerade: {}",
            "            name: default",
            "        resources:",
            "          requests:",
            "            memory: 4Gi",
            "      networks:",
            "      - name: default",
            "        pod: {}",
            "      volumes:",
            "      - dataVolume:",
            "          name: db-root",
            "        name: rootdisk",
            "");

    private EditPreview() {
    }

    public static void main(String[] args) throws Exception {
        Path png = Path.of(args.length > 0 ? args[0] : "/tmp/edit-diff.png");
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Item item = Item.builder("k8s:prod|vm/prod/db", "k8s:prod", Kind.VM, "db").namespace("prod").build();
        DefinitionEditor editor = new DefinitionEditor() {
            @Override public boolean canEdit(Item i) { return true; }
            @Override public CompletableFuture<Definition> load(Item i) {
                return CompletableFuture.completedFuture(new Definition(i, "yaml", VM, "48213", "VirtualMachine prod/db"));
            }
            @Override public List<Problem> validate(Definition base, String edited) { return List.of(); }
            @Override public CompletableFuture<Verdict> dryRun(Definition base, String edited) {
                return CompletableFuture.completedFuture(Verdict.of(Outcome.VALID,
                        "The server accepts this change (dry run; nothing written)."));
            }
            @Override public CompletableFuture<Verdict> apply(Definition base, String edited) {
                return CompletableFuture.completedFuture(Verdict.of(Outcome.APPLIED, "Applied."));
            }
        };
        EditWindow[] w = new EditWindow[1];
        Platform.runLater(() -> {
            w[0] = new EditWindow(editor, TaskRunner.synchronous(), item, null);
            new ThemeController(args.length > 1 && args[1].equals("dark")).attach(w[0].stage().getScene());
            w[0].stage().getScene().getStylesheets().add(EditWindow.class.getResource("edit.css").toExternalForm());
            w[0].open();
        });
        Thread.sleep(1500);
        Platform.runLater(() -> {
            CodeArea area = (CodeArea) w[0].stage().getScene().lookup("#edit-area");
            area.replaceText(area.getText().replace("cores: 2", "cores: 4").replace("memory: 4Gi", "memory: 8Gi")
                    .replace("    tenant: payments", "    tenant: payments\n    backup: nightly"));
        });
        Thread.sleep(1000);
        Platform.runLater(() -> ((Button) w[0].stage().getScene().lookup("#edit-review")).fire());
        Thread.sleep(1500);
        CountDownLatch shot = new CountDownLatch(1);
        Platform.runLater(() -> {
            Snapshots.write(w[0].stage().getScene(), png);
            shot.countDown();
        });
        shot.await();
        System.out.println("wrote " + png);
        Platform.exit();
        System.exit(0);
    }
}
