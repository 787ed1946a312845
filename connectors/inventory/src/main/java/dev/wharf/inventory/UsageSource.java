package dev.wharf.inventory;

import java.util.Set;

/**
 * Capability of a {@link Source} that measures its items' resource usage: a Kubernetes context
 * through metrics-server, a libvirt host through domain and node statistics. Reached through
 * {@link Source#capability(Class)}; views never ask what kind of source it is.
 */
public interface UsageSource {

    /**
     * Starts measuring and delivers each poll to {@code listener} on the source's own thread, at the
     * source's own pace (metrics-server: no faster than every 15 s; libvirt: every 3 s). Returns at
     * once; closing the watch stops the polling that no other watch needs.
     */
    Watch watchUsage(UsageListener listener);

    /** A running measurement. */
    interface Watch extends AutoCloseable {

        /**
         * The items the user sees or has selected now (item ids). A source that polls per item
         * (libvirt) polls these first and may leave others out; a source that lists everything in
         * one call (metrics-server) ignores it.
         */
        default void focus(Set<String> itemIds) {
        }

        @Override
        void close();
    }
}
