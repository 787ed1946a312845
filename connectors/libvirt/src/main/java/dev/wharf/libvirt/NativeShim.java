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
 * binding), {@code virDomainGetState}
 * (for the state reason) and the raw stream calls ({@code virStreamRecv}/{@code virStreamSend}:
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

        Pointer virStreamNew(Pointer conn, int flags);

        int virStreamRecv(Pointer stream, Pointer data, SizeT nbytes);

        int virStreamSend(Pointer stream, Pointer data, SizeT nbytes);

        int virStreamEventAddCallback(Pointer stream, int events, StreamCallback cb, Pointer opaque, Pointer freeCb);

        int virStreamEventUpdateCallback(Pointer stream, int events);

        int virStreamEventRemoveCallback(Pointer stream);

        int virStreamFinish(Pointer stream);

        int virStreamAbort(Pointer stream);

        int virStreamFree(Pointer stream);

        String virGetLastErrorMessage();

        int virGetLastErrorCode();
    }

    /** A stream event callback; keep a strong reference for as long as it is registered. */
    interface StreamCallback extends Callback {
        void invoke(Pointer stream, int events, Pointer opaque);
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
