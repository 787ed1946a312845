package dev.wharf.app.desktop;

import dev.wharf.app.Sessions;
import dev.wharf.inventory.Action;
import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.SourceInfo;
import dev.wharf.inventory.SourceStatus;
import dev.wharf.inventory.SourceType;
import dev.wharf.inventory.WharfException;
import dev.wharf.kubernetes.Kubeconfigs;
import dev.wharf.libvirt.LibvirtConnection;
import dev.wharf.views.connect.ConnectionEntry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's live sources: the session {@link Sessions} opened for the command line's choice,
 * plus the saved connections. A saved connection that cannot even be opened (its kubeconfig is
 * gone) shows in the sidebar as an error with a Retry, instead of disappearing.
 */
public final class DesktopSources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopSources.class);

    private final Inventory inventory;
    private final CredentialPrompt prompt;
    private final Map<String, Source> byId = new ConcurrentHashMap<>();
    private final Map<ConnectionEntry, String> savedIds = new LinkedHashMap<>();
    private final List<AutoCloseable> sessions = new ArrayList<>();
    private final java.util.Set<String> readOnlyIds = ConcurrentHashMap.newKeySet();
    private volatile boolean allReadOnly;

    public DesktopSources(Inventory inventory, CredentialPrompt prompt) {
        this.inventory = inventory;
        this.prompt = prompt;
    }

    /** {@code --read-only}: every source of this window is read-only, saved or not. */
    public void setAllReadOnly(boolean all) {
        allReadOnly = all;
    }

    /** Whether a source is a read-only connection ({@code --read-only}, or saved as read-only). */
    public boolean readOnly(String id) {
        return allReadOnly || readOnlyIds.contains(id);
    }

    public Optional<Source> source(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Adds and starts sources opened elsewhere (a session, a test). */
    public synchronized void addStarted(List<? extends Source> sources, AutoCloseable owner) {
        for (Source s : sources) {
            byId.put(s.id(), s);
        }
        if (owner != null) {
            sessions.add(owner);
        }
    }

    /** Opens the session for {@code plan} and starts it. Throws a WharfException when the user's choice is wrong. */
    public void openSession(Sessions.Plan plan) {
        Sessions.Session session = Sessions.open(plan, inventory, prompt);
        addStarted(session.sources(), session::close);
        session.start();
        lastNotices = session.notices();
    }

    private volatile List<String> lastNotices = List.of();

    /** Notices of the last session opened (the lab's notice …). */
    public List<String> notices() {
        return lastNotices;
    }

    /** Opens what is saved and not open yet, closes what is no longer saved. Call off the UI thread. */
    public synchronized void applySaved(List<ConnectionEntry> entries) {
        for (Map.Entry<ConnectionEntry, String> e : new ArrayList<>(savedIds.entrySet())) {
            if (!entries.contains(e.getKey())) {
                savedIds.remove(e.getKey());
                Source s = byId.remove(e.getValue());
                readOnlyIds.remove(e.getValue());
                if (s != null) {
                    s.close();
                }
                inventory.removeSource(e.getValue());
            }
        }
        for (ConnectionEntry e : entries) {
            if (!savedIds.containsKey(e)) {
                open(e);
            }
        }
    }

    private void open(ConnectionEntry e) {
        try {
            Source s = create(e);
            savedIds.put(e, s.id());
            if (e.readOnly()) {
                readOnlyIds.add(s.id()); // also when the session opened it: saved read-only wins
            }
            if (byId.putIfAbsent(s.id(), s) != null) {
                s.close(); // already open through the session (the current context)
                return;
            }
            s.start();
        } catch (RuntimeException ex) {
            String id = "saved:" + e.label();
            LOG.debug("cannot open saved connection {}", e, ex);
            savedIds.put(e, id);
            if (e.readOnly()) {
                readOnlyIds.add(id);
            }
            byId.put(id, new Unopened(id, e));
            inventory.putSource(new SourceInfo(id, e.type(), e.type() == SourceType.KUBERNETES ? e.context() : e.uri(),
                    SourceStatus.ERROR, WharfException.userMessage(ex)));
        }
    }

    /** Creates (not starts) the source a saved entry stands for. */
    public Source create(ConnectionEntry e) {
        if (e.type() == SourceType.KUBERNETES) {
            return Kubeconfigs.load(Optional.ofNullable(e.kubeconfig()).map(Path::of)).connect(e.context(), inventory);
        }
        return new LibvirtConnection(e.uri(), inventory, prompt);
    }

    @Override
    public synchronized void close() {
        for (Source s : byId.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed: {}", s.id(), e.toString());
            }
        }
        byId.clear();
        for (AutoCloseable c : sessions) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing a session failed: {}", e.toString());
            }
        }
        sessions.clear();
    }

    /** A saved connection that could not be opened; Retry tries again. */
    private final class Unopened implements Source {
        private final String id;
        private final ConnectionEntry entry;

        Unopened(String id, ConnectionEntry entry) {
            this.id = id;
            this.entry = entry;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void start() {
        }

        @Override
        public CompletableFuture<Void> perform(Item item, Action action) {
            return CompletableFuture.failedFuture(new WharfException(entry.label() + " is not connected."));
        }

        @Override
        public void retry() {
            synchronized (DesktopSources.this) {
                byId.remove(id);
                savedIds.remove(entry);
                inventory.removeSource(id);
                open(entry);
            }
        }

        @Override
        public void close() {
        }
    }
}
