package dev.wharf.libvirt;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libxml2's own error output, captured instead of printed. libvirt parses a test driver's XML
 * (and more) with libxml2 in this process, and libxml2 writes some of its complaints straight to
 * stderr (<code>I/O warning : failed to load external entity "/nonexistent.xml"</code>), before
 * and beside the error libvirt then reports. This installs libxml2's generic error function
 * (per thread, and the default for new threads) to collect that text per thread, so the caller
 * puts it into its one message.
 *
 * <p>The function is variadic in C ({@code void f(void *ctx, const char *fmt, ...)}); it is
 * bound with four pointer-sized arguments after the format, which is how the x86-64 and AArch64
 * Linux calling conventions pass them, and formatted with the conversions libxml2 uses
 * ({@code %s %d %i %u %c %%}). Without libxml2 (or JNA) nothing is installed and nothing captured.
 */
final class LibxmlCapture {
    private static final Logger LOG = LoggerFactory.getLogger(LibxmlCapture.class);
    private static final ThreadLocal<StringBuilder> CAPTURED = ThreadLocal.withInitial(StringBuilder::new);

    interface GenericErrorFunc extends Callback {
        void invoke(Pointer ctx, Pointer format, Pointer a1, Pointer a2, Pointer a3, Pointer a4);
    }

    interface LibXml2 extends Library {
        void xmlSetGenericErrorFunc(Pointer ctx, GenericErrorFunc handler);

        void xmlThrDefSetGenericErrorFunc(Pointer ctx, GenericErrorFunc handler);
    }

    /** Strong reference: libxml2 keeps only the function pointer. */
    private static final GenericErrorFunc HANDLER = LibxmlCapture::collect;
    private static final LibXml2 LIB = load();

    private LibxmlCapture() {
    }

    private static LibXml2 load() {
        try {
            LibXml2 lib = Native.load("libxml2.so.2", LibXml2.class);
            lib.xmlThrDefSetGenericErrorFunc(null, HANDLER);
            return lib;
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("libxml2's error output is not captured: {}", e.toString());
            return null;
        }
    }

    /** Starts capturing on this thread (drops what an earlier call left). */
    static void begin() {
        CAPTURED.get().setLength(0);
        if (LIB != null) {
            try {
                LIB.xmlSetGenericErrorFunc(null, HANDLER);
            } catch (LinkageError | RuntimeException e) {
                LOG.debug("libxml2: {}", e.toString());
            }
        }
    }

    /** What libxml2 printed on this thread since {@link #begin()}, as one line ("" for nothing). */
    static String end() {
        StringBuilder b = CAPTURED.get();
        String text = b.toString();
        b.setLength(0);
        return LibvirtMessages.oneLine(text);
    }

    private static void collect(Pointer ctx, Pointer format, Pointer a1, Pointer a2, Pointer a3, Pointer a4) {
        try {
            String text = format(format == null ? "" : format.getString(0, "UTF-8"), new Pointer[] {a1, a2, a3, a4});
            CAPTURED.get().append(text);
            LOG.debug("libxml2: {}", text.strip());
        } catch (RuntimeException e) {
            // never let an exception cross back into C
        }
    }

    /** A printf format with libxml2's conversions; arguments beyond the fourth show as {@code ?}. */
    static String format(String fmt, Pointer[] args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                out.append(c);
                continue;
            }
            int j = i + 1;
            while (j < fmt.length() && "-+ #0123456789.lhz".indexOf(fmt.charAt(j)) >= 0) {
                j++;
            }
            if (j >= fmt.length()) {
                out.append(fmt, i, fmt.length());
                break;
            }
            char conv = fmt.charAt(j);
            if (conv == '%') {
                out.append('%');
            } else {
                Pointer a = next < args.length ? args[next] : null;
                boolean have = next < args.length;
                next++;
                long v = a == null ? 0 : Pointer.nativeValue(a);
                switch (conv) {
                    case 's' -> out.append(!have ? "?" : a == null ? "(null)" : a.getString(0, "UTF-8"));
                    case 'd', 'i' -> out.append(have ? String.valueOf(fmt.substring(i, j).contains("l") ? v : (int) v) : "?");
                    case 'u' -> out.append(have ? Long.toUnsignedString(fmt.substring(i, j).contains("l") ? v : v & 0xffffffffL) : "?");
                    case 'x' -> out.append(have ? Long.toHexString(v) : "?");
                    case 'c' -> out.append(have ? String.valueOf((char) (v & 0xff)) : "?");
                    default -> out.append(fmt, i, j + 1);
                }
            }
            i = j;
        }
        return out.toString();
    }
}
