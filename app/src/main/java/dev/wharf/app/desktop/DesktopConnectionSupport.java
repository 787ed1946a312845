package dev.wharf.app.desktop;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.WharfException;
import dev.wharf.app.Sessions;
import dev.wharf.kubernetes.Kubeconfigs;
import dev.wharf.libvirt.LibvirtConnection;
import dev.wharf.libvirt.LibvirtUris;
import dev.wharf.views.connect.ConnectionEntry;
import dev.wharf.views.connect.ConnectionSupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The connections dialog's access to the connectors: kubeconfig contexts, URI validation, test connections. */
public final class DesktopConnectionSupport implements ConnectionSupport {
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(15);
    private final CredentialPrompt prompt;

    public DesktopConnectionSupport(CredentialPrompt prompt) {
        this.prompt = prompt;
    }

    @Override
    public List<String> contexts(Optional<Path> kubeconfig) {
        kubeconfig.flatMap(KubeconfigCheck::problem).ifPresent(p -> {
            throw new WharfException(p);
        });
        Kubeconfigs k = Kubeconfigs.load(kubeconfig);
        List<String> out = new ArrayList<>();
        k.currentContext().ifPresent(out::add);
        for (String c : k.contexts()) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public Optional<String> validateLibvirtUri(String uri) {
        try {
            LibvirtUris.validate(uri);
            return Optional.empty();
        } catch (WharfException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * A live source's message for a one-off test: a test does not retry, so the sentence saying
     * when the next attempt comes is left out.
     */
    static String oneOff(String message) {
        return message == null ? "" : message.replaceAll("\\s*Wharf retries on its own[^.]*\\.", "").strip();
    }

    @Override
    public CompletableFuture<String> test(ConnectionEntry entry) {
        return CompletableFuture.supplyAsync(() -> {
            Inventory scratch = new Inventory(Runnable::run);
            Source s;
            if (entry.type() == dev.wharf.inventory.SourceType.KUBERNETES) {
                s = Kubeconfigs.load(Optional.ofNullable(entry.kubeconfig()).map(Path::of)).connect(entry.context(), scratch);
            } else {
                Optional<String> missing = LibvirtConnection.unavailableReason();
                if (missing.isPresent()) {
                    throw new WharfException(missing.get());
                }
                s = new LibvirtConnection(entry.uri(), scratch, prompt);
            }
            try {
                if (s instanceof dev.wharf.kubernetes.KubernetesConnection k) {
                    k.startOnce(); // a test: its error is final, and says so without promising retries
                } else {
                    s.start();
                }
                boolean done = Sessions.awaitInitialSync(s, scratch, TEST_TIMEOUT);
                SourceInfo info = scratch.source(s.id()).orElse(null);
                if (info != null && info.status() == SourceStatus.ERROR) {
                    throw new WharfException(oneOff(info.message()));
                }
                if (!done) {
                    throw new WharfException("No answer within " + TEST_TIMEOUT.toSeconds()
                            + " s: check the address, the network and that the server runs.");
                }
                List<Item> items = scratch.snapshot().items();
                StringBuilder b = new StringBuilder("Connected");
                if (info != null && info.status() == SourceStatus.PARTIAL) {
                    b.append(" (partly: ").append(info.message()).append(')');
                }
                b.append(": ").append(dev.wharf.views.model.Counts.of(items).kindSummary());
                return b.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WharfException("Test interrupted.");
            } finally {
                s.close();
                scratch.close();
            }
        });
    }
}
