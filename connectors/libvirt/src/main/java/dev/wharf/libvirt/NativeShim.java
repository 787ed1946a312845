package dev.wharf.libvirt;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.ptr.IntByReference;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.jna.SizeT;

import java.lang.reflect.Field;

/**
 * The few libvirt functions the Java binding lacks or gets wrong, bound with JNA:
 * {@code virDomainOpenConsole} and {@code virDomainOpenGraphicsFD} (absent from every release of the
 * binding), {@code virDomainGetState} (for the state reason), {@code virNodeGetCPUStats}/{@code
 * virNodeGetMemoryStats} (the host's usage) and the raw stream calls ({@code virStreamRecv}/{@code virStreamSend}:
 * the binding's non-blocking {@code receive} throws when no data is ready and its
 * {@code receiveAll} is not binary-safe).
 *
 * <p><b>The one place that reaches into the binding:</b> {@link #connectPointer} and
 * {@link #domainPointer} read the binding's non-public native handles ({@code Connect.vcp},
 * {@code Domain.vdp}) by reflection, because {@code virDomainOpenConsole} needs them and the binding
 * offers no accessor. The handles stay owned by the binding objects; callers keep those objects
 * reachable while they use the pointers. Streams are created and freed here, never through the
 * binding's {@code Stream} (whose finalizer would free them a second time).
 */
final class NativeShim {
    /** virStreamFlags */
    static final int STREAM_NONBLOCK = 1;
    /** virStreamEventType */
    static final int EVENT_READABLE = 1;
    static final int EVENT_WRITABLE = 2;
    static final int EVENT_ERROR = 4;
    static final int EVENT_HANGUP = 8;
    /** virDomainConsoleFlags */
    static final int CONSOLE_FORCE = 1;
    static final int CONSOLE_SAFE = 2;
    /** virDomainOpenGraphicsFlags: VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH */
    static final int OPEN_GRAPHICS_SKIPAUTH = 1;
    /** virDomainXMLFlags: VIR_DOMAIN_XML_SECURE (passwords included; read-write connections only) */
    static final int XML_SECURE = 1;
    /** virErrorNumber: VIR_ERR_OPERATION_FAILED, VIR_ERR_NO_SUPPORT, VIR_ERR_NO_DOMAIN */
    static final int ERR_OPERATION_FAILED = 9;
    static final int ERR_NO_SUPPORT = 3;
    static final int ERR_NO_DOMAIN = 42;

    /** libvirt's C functions, as JNA sees them. */
    interface Api extends Library {
        int virDomainOpenConsole(Pointer dom, String devName, Pointer stream, int flags);

        /** A connected socket fd to the domain's display {@code idx} (local connections only). */
        int virDomainOpenGraphicsFD(Pointer dom, int idx, int flags);

        int virDomainGetState(Pointer dom, IntByReference state, IntByReference reason, int flags);

        Pointer virDomainDefineXMLFlags(Pointer conn, String xml, int flags);

        int virDomainFree(Pointer dom);

        Pointer virStreamNew(Pointer conn, int flags);

        int virStreamRecv(Pointer stream, Pointer data, SizeT nbytes);

        int virStreamSend(Pointer stream, Pointer data, SizeT nbytes);

        int virStreamEventAddCallback(Pointer stream, int events, StreamCallback cb, Pointer opaque, Pointer freeCb);

        int virStreamEventUpdateCallback(Pointer stream, int events);

        int virStreamEventRemoveCallback(Pointer stream);

        int virStreamFinish(Pointer stream);

        int virStreamAbort(Pointer stream);

        int virStreamFree(Pointer stream);

        /** {@code virNodeGetCPUStats}: cpuNum -1 = all CPUs; params = nparams × {@link #NODE_STATS_SIZE} bytes. */
        int virNodeGetCPUStats(Pointer conn, int cpuNum, Pointer params, IntByReference nparams, int flags);

        /** {@code virNodeGetMemoryStats}: cellNum -1 = all cells; values in KiB. */
        int virNodeGetMemoryStats(Pointer conn, int cellNum, Pointer params, IntByReference nparams, int flags);

        String virGetLastErrorMessage();

        int virGetLastErrorCode();
    }

    /** Callbacks removed from libvirt lately, kept reachable a while longer: see {@link #retire}. */
    private static final java.util.Set<Callback> RETIRED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Keeps a callback just removed from libvirt reachable for 30 s more. libvirt's event loop may
     * have copied its function pointer for a dispatch already under way when the removal ran on
     * another thread; if the collector freed the JNA trampoline in between, that dispatch would jump
     * into freed memory (a SIGSEGV on the event loop thread, seen once under heavy load).
     */
    static void retire(Callback callback) {
        if (RETIRED.add(callback)) {
            java.util.concurrent.CompletableFuture.delayedExecutor(30, java.util.concurrent.TimeUnit.SECONDS)
                    .execute(() -> RETIRED.remove(callback));
        }
    }

    /** A stream event callback; keep a strong reference for as long as it is registered. */
    interface StreamCallback extends Callback {
        void invoke(Pointer stream, int events, Pointer opaque);
    }

    /** {@code virNodeCPUStats} / {@code virNodeMemoryStats}: {@code char field[80]; unsigned long long value;} */
    static final int NODE_STATS_FIELD = 80;
    static final int NODE_STATS_SIZE = NODE_STATS_FIELD + 8;

    /**
     * The host's CPU ({@code virNodeGetCPUStats}, nanoseconds: kernel, user, idle, iowait …) or memory
     * ({@code virNodeGetMemoryStats}, KiB: total, free, buffers, cached) statistics summed over all CPUs
     * or cells, by field name; empty when the driver does not offer them (the test driver has no memory stats).
     */
    static java.util.Map<String, Long> nodeStats(Connect c, boolean memory) {
        Pointer conn = connectPointer(c);
        IntByReference n = new IntByReference(0);
        int rc = memory ? lib().virNodeGetMemoryStats(conn, -1, null, n, 0)
                : lib().virNodeGetCPUStats(conn, -1, null, n, 0);
        if (rc < 0 || n.getValue() <= 0) {
            return java.util.Map.of();
        }
        try (com.sun.jna.Memory params = new com.sun.jna.Memory((long) n.getValue() * NODE_STATS_SIZE)) {
            params.clear();
            rc = memory ? lib().virNodeGetMemoryStats(conn, -1, params, n, 0)
                    : lib().virNodeGetCPUStats(conn, -1, params, n, 0);
            if (rc < 0) {
                return java.util.Map.of();
            }
            java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
            for (int i = 0; i < n.getValue(); i++) {
                long base = (long) i * NODE_STATS_SIZE;
                out.put(params.getString(base), params.getLong(base + NODE_STATS_FIELD));
            }
            return out;
        }
    }

    private static final class Holder {
        static final Api API = Native.load("virt", Api.class);
    }

    private static final Field CONNECT_VCP = field(Connect.class, "vcp");
    private static final Field DOMAIN_VDP = field(Domain.class, "vdp");

    private NativeShim() {
    }

    static Api lib() {
        return Holder.API;
    }

    static Pointer connectPointer(Connect c) {
        return pointer(CONNECT_VCP, c, "connection");
    }

    static Pointer domainPointer(Domain d) {
        return pointer(DOMAIN_VDP, d, "domain");
    }

    /** virDomainDefineFlags: validate the XML against libvirt's schema. */
    static final int DEFINE_VALIDATE = 1;

    /**
     * {@code virDomainDefineXMLFlags} (the binding has the flagless call only); frees the returned
     * domain at once. Throws with libvirt's message when libvirt refuses the XML.
     */
    static void defineXml(Connect c, String xml, int flags) {
        Pointer dom = lib().virDomainDefineXMLFlags(connectPointer(c), xml, flags);
        if (dom == null) {
            throw new IllegalArgumentException(lastError());
        }
        lib().virDomainFree(dom);
    }

    /** The last libvirt error of this thread, as text. */
    static String lastError() {
        String m = lib().virGetLastErrorMessage();
        return m == null || m.isBlank() ? "unknown libvirt error" : m;
    }

    private static Pointer pointer(Field f, Object owner, String what) {
        try {
            PointerType p = (PointerType) f.get(owner);
            if (p == null || p.getPointer() == null) {
                throw new IllegalStateException("the " + what + " is already closed");
            }
            return p.getPointer();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reach the libvirt " + what + " handle", e);
        }
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("org.libvirt " + type.getSimpleName() + " has no field " + name
                    + ": the libvirt-java version changed; update NativeShim", e);
        }
    }
}
