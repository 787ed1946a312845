package dev.wharf.app.desktop;

import dev.wharf.app.Sessions;
import dev.wharf.app.SourceOptions;
import dev.wharf.app.settings.ConnectionsStore;
import dev.wharf.app.settings.UiSettings;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.connect.ConnectionEntry;
import dev.wharf.views.connect.FxCredentialPrompt;
import dev.wharf.views.fx.FxWatchdog;
import dev.wharf.views.theme.DesktopThemeDetector;
import dev.wharf.views.theme.ThemeController;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import javafx.application.Platform;
import javafx.stage.Stage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the desktop window on the chosen sources: with no option, the saved connections plus the
 * kubeconfig's current context ({@link Sessions} decides the lab when nothing is configured);
 * with {@code --context}, {@code --kubeconfig}, {@code --libvirt} or {@code --lab}, those alone.
 * The window shows at once; sources connect in the background and report in the sidebar.
 */
public final class DesktopLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopLauncher.class);

    private DesktopLauncher() {
    }

    /** Runs the window until it is closed; returns the process exit code. */
    public static int launch(SourceOptions options) {
        // the user's own choice wins over the desktop's theme
        UiSettings ui = UiSettings.standard();
        Optional<Boolean> chosenDark = ui.dark();
        CompletableFuture<Optional<Boolean>> prefersDark = chosenDark.isPresent()
                ? CompletableFuture.completedFuture(chosenDark)
                : CompletableFuture.supplyAsync(() -> new DesktopThemeDetector().prefersDark());
        ConnectionsStore store = ConnectionsStore.standard();
        List<ConnectionEntry> saved = List.of();
        String savedProblem = null;
        if (options.nothingChosen()) {
            try {
                saved = store.load();
            } catch (WharfException e) {
                savedProblem = e.getMessage();
            }
        }
        Sessions.Plan plan = Sessions.plan(options, System.getenv(), Path.of(System.getProperty("user.home")));
        if (plan.labByDefault() && !saved.isEmpty()) {
            // saved connections are a configuration: no lab then
            plan = new Sessions.Plan(plan.kubernetes(), plan.kubeconfig(), plan.contexts(), plan.libvirtUris(), false, false);
        }
        Sessions.Plan finalPlan = plan;
        List<ConnectionEntry> finalSaved = saved;
        String finalProblem = savedProblem;

        Inventory inventory = new Inventory();
        // times what Wharf posts to the FX thread; with --debug, any task or pulse over 50 ms is logged with its label
        FxWatchdog watchdog = new FxWatchdog();
        AtomicReference<DesktopWindow> window = new AtomicReference<>();
        AtomicReference<DesktopSources> sources = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        boolean fxStarted = false;
        try {
            startToolkit(() -> {
                try {
                    Platform.setImplicitExit(false);
                    Stage stage = new Stage();
                    FxCredentialPrompt prompt = new FxCredentialPrompt(() -> stage);
                    DesktopSources ds = new DesktopSources(inventory, prompt);
                    ds.setAllReadOnly(options.readOnly());
                    sources.set(ds);
                    ThemeController theme = new ThemeController(prefersDark.getNow(Optional.empty()).orElse(false));
                    boolean[] detecting = {false};
                    prefersDark.thenAccept(d -> d.ifPresent(v -> watchdog.executor("desktop theme").execute(() -> {
                        detecting[0] = true;
                        theme.setDark(v);
                        detecting[0] = false;
                    })));
                    theme.darkProperty().addListener((o, a, dark) -> {
                        if (!detecting[0]) {
                            CompletableFuture.runAsync(() -> ui.saveDark(dark));
                        }
                    });
                    DesktopWindow w = new DesktopWindow(stage, inventory, ds, store, new DesktopConnectionSupport(prompt),
                            theme, finalPlan.lab() ? "Starting the lab…" : null, null, watchdog);
                    window.set(w);
                    stage.setOnHidden(e -> closed.countDown());
                    stage.show();
                    if (finalProblem != null) {
                        w.showError("Saved connections", finalProblem);
                    }
                    w.runner().run(() -> CompletableFuture.supplyAsync(() -> {
                        ds.openSession(finalPlan);
                        ds.applySaved(finalSaved);
                        return ds.notices();
                    }), (notices, e) -> {
                        if (e != null) {
                            w.showError("Cannot open the chosen sources", WharfException.userMessage(e));
                        } else if (finalPlan.lab()) {
                            w.main().setLabNotice(String.join(" ", notices));
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.error("cannot open the window", e);
                    closed.countDown();
                }
            });
            fxStarted = true;
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException | UnsupportedOperationException e) {
            LOG.debug("the JavaFX toolkit did not start", e);
            System.err.println(WindowProblem.line(e.getMessage()));
            return 1;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            Optional<String> line = WindowProblem.nativeLibraryFailure(e);
            if (line.isEmpty()) {
                throw e;
            }
            LOG.debug("the JavaFX toolkit did not start", e);
            System.err.println(line.get());
            return 1;
        } finally {
            DesktopWindow w = window.get();
            if (w != null) {
                w.close();
            }
            DesktopSources ds = sources.get();
            if (ds != null) {
                ds.close();
            }
            inventory.close();
            if (fxStarted) {
                // Platform.exit() waits for a toolkit start that never happened (no display): it would hang
                Platform.exit();
            }
        }
        return window.get() == null ? 1 : 0;
    }

    /**
     * {@code Platform.startup} with what the toolkit prints on stderr meanwhile held back: when a
     * native library cannot load, JavaFX prints a stack trace there before it throws, and Wharf says
     * it in one line instead. Printed after all when the toolkit started, or with {@code --debug}.
     */
    private static void startToolkit(Runnable first) {
        PrintStream err = System.err;
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
        boolean started = false;
        try {
            Platform.startup(first);
            started = true;
        } finally {
            System.setErr(err);
            if (started || LOG.isDebugEnabled()) {
                err.print(held.toString(StandardCharsets.UTF_8));
                err.flush();
            }
        }
    }
}
