package dev.wharf.libvirt;

import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's event loop, once per process: libvirt's default event implementation is process-wide
 * state in the C library, so this is the one deliberate static in the connector.
 *
 * <p>{@link #ensureRunning()} registers the loop ({@code Library.initEventLoop}) before the first
 * {@code Connect} (without it listener registration and keepalive fail), runs it on one daemon
 * thread, and installs an error callback so libvirt logs through SLF4J instead of printing every
 * error to stderr. Callbacks (lifecycle events, close, stream readiness) run on that thread: they
 * must never make a blocking libvirt call.
 */
public final class LibvirtEventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtEventLoop.class);
    static final String THREAD_NAME = "wharf-libvirt-events";
    private static Thread thread;
    /** Strong reference: libvirt keeps only the native function pointer. */
    private static Libvirt.VirErrorCallback errorCallback;

    private LibvirtEventLoop() {
    }

    /** Starts the process's libvirt event loop if it is not running; call before any libvirt connection. */
    public static synchronized void ensureRunning() throws LibvirtException {
        if (thread != null) {
            return;
        }
        errorCallback = (userData, error) -> LOG.debug("libvirt: {}", error == null ? "?" : error.message);
        Connect.setErrorCallback(errorCallback);
        Library.initEventLoop();
        Thread t = new Thread(LibvirtEventLoop::run, THREAD_NAME);
        t.setDaemon(true);
        t.start();
        thread = t;
    }

    static synchronized boolean isEventLoopThread() {
        return Thread.currentThread() == thread;
    }

    private static void run() {
        while (true) {
            try {
                Library.runEventLoop();
                return;
            } catch (InterruptedException e) {
                return;
            } catch (LibvirtException | RuntimeException e) {
                LOG.warn("libvirt event loop: {}", e.getMessage());
            }
        }
    }
}
