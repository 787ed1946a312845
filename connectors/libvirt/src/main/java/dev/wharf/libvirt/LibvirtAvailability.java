package dev.wharf.libvirt;

import java.util.Optional;

/**
 * Whether the native libvirt library can be used: the one place that catches the
 * {@link UnsatisfiedLinkError} / {@link NoClassDefFoundError} of a machine without {@code libvirt0}.
 * Checked once per process; everything else in Wharf keeps working without it.
 */
final class LibvirtAvailability {
    private static volatile Optional<String> reason;

    private LibvirtAvailability() {
    }

    /** Empty when libvirt can be used, else one message saying what to install. */
    static Optional<String> unavailableReason() {
        Optional<String> r = reason;
        if (r == null) {
            synchronized (LibvirtAvailability.class) {
                r = reason;
                if (r == null) {
                    r = probe();
                    reason = r;
                }
            }
        }
        return r;
    }

    private static Optional<String> probe() {
        try {
            org.libvirt.Library.getVersion();
            NativeShim.lib();
            return Optional.empty();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            return Optional.of(missingMessage(e));
        } catch (org.libvirt.LibvirtException e) {
            return Optional.of("libvirt sources are disabled: the libvirt library does not work ("
                    + e.getMessage() + "). Reinstall it: sudo apt install --reinstall libvirt0");
        }
    }

    /**
     * The message for a failed load of the native library: what is missing and what to install.
     * Pure, for tests.
     */
    static String missingMessage(Throwable failure) {
        String detail = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String what = failure instanceof NoClassDefFoundError && detail.contains("jna")
                ? "the JNA library is missing from Wharf's class path (a broken installation: reinstall Wharf)"
                : "the native libvirt client library (libvirt.so.0) is not installed";
        return "libvirt sources are disabled: " + what + ". Install it with `sudo apt install libvirt0` "
                + "(Debian/Ubuntu), `sudo dnf install libvirt-libs` (Fedora/RHEL) or `brew install libvirt` (macOS), "
                + "then restart Wharf. Kubernetes sources keep working. (" + firstLine(detail) + ")";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
