package dev.wharf.libvirt.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A tiny bootable guest for the fixture and the embedded lab: Debian's cloud kernel plus an
 * initramfs built here from {@code busybox-static}. Its {@code /init} mounts proc/sys/devtmpfs,
 * loads {@code evdev}/{@code button} and runs busybox {@code acpid} (power button → {@code poweroff -f},
 * so ACPI shutdown works), prints a banner ({@link #BANNER}) and respawns {@code setsid cttyhack sh -l}
 * on the serial console, and a second shell on the screen ({@code tty1}, shown by the VGA display over
 * VNC). Boots to a shell in about 2 s under TCG.
 *
 * <p>The kernel comes from {@code connectors/libvirt/guest/fetch-kernel.sh} (run as root once).
 */
public final class TinyGuest {
    /** Printed on the console when the guest is up. */
    public static final String BANNER = "Wharf tiny guest ready";
    /** The shell prompt. */
    public static final String PROMPT = "wharf# ";
    static final String INITRD = "initramfs-wharf.cpio";
    private static final String INIT_VERSION = "v3";

    private final Path kernel;
    private final Path initrd;

    private TinyGuest(Path kernel, Path initrd) {
        this.kernel = kernel;
        this.initrd = initrd;
    }

    /** {@code ${WHARF_GUEST_DIR:-~/.cache/wharf/guest}}. */
    public static Path defaultDir() {
        String env = System.getenv("WHARF_GUEST_DIR");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "wharf", "guest");
    }

    /**
     * Finds the kernel (+ evdev.ko/button.ko) under {@code guestDir} and busybox ({@code /bin/busybox}
     * from busybox-static); builds the initramfs there once. Empty when something is missing: see
     * {@link #missingReason}.
     */
    public static Optional<TinyGuest> prepare(Path guestDir) {
        if (missingReason(guestDir) != null) {
            return Optional.empty();
        }
        Path initrd = guestDir.resolve(INITRD);
        Path stamp = guestDir.resolve(INITRD + ".version");
        try {
            String want = INIT_VERSION + " " + Files.size(busybox()) + " " + Files.size(guestDir.resolve("evdev.ko"));
            if (!Files.exists(initrd) || !Files.exists(stamp) || !Files.readString(stamp).equals(want)) {
                Path tmp = Files.createTempFile(guestDir, "initramfs", ".tmp");
                Files.write(tmp, initramfs(guestDir));
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(tmp, initrd, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(stamp, want);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the tiny guest's initramfs in " + guestDir, e);
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            try {
                Files.createDirectories(guestDir.resolve("serial-logs"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the tiny guest's serial log directory in " + guestDir, e);
            }
        }
        return Optional.of(new TinyGuest(guestDir.resolve("vmlinuz").toAbsolutePath(), initrd.toAbsolutePath()));
    }

    /** Null when everything is there; else what is missing and what to do. */
    public static String missingReason(Path guestDir) {
        List<String> missing = new ArrayList<>();
        for (String f : new String[] {"vmlinuz", "evdev.ko", "button.ko"}) {
            if (!Files.isRegularFile(guestDir.resolve(f))) {
                missing.add(guestDir.resolve(f).toString());
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!missing.isEmpty()) {
            sb.append("the guest kernel is missing (").append(String.join(", ", missing))
                    .append("): run connectors/libvirt/guest/fetch-kernel.sh as root");
            if (!guestDir.equals(defaultDir())) {
                sb.append(" with WHARF_GUEST_DIR=").append(guestDir);
            }
        }
        if (!Files.isExecutable(busybox())) {
            sb.append(sb.length() == 0 ? "" : "; ").append(busybox()).append(" is missing: apt install busybox-static");
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    public Path kernel() {
        return kernel;
    }

    public Path initrd() {
        return initrd;
    }

    /**
     * A domain definition: TCG ({@code type='qemu'}, no KVM needed), direct kernel boot, kernel
     * messages on the screen and the serial port ({@code console=tty0 console=ttyS0}: the serial port
     * stays {@code /dev/console}), ACPI, a pty serial port and console, a VGA display with VNC on
     * 127.0.0.1 (autoport), the serial console logged to {@link #serialLog} ({@code append='on'}),
     * {@code memoryMiB} of memory
     * (128–192 MiB is plenty). QEMU runs as root ({@code <seclabel>} static DAC) so the kernel may
     * live under the user's home.
     */
    public String domainXml(String name, UUID uuid, int memoryMiB) {
        return domainXml(name, uuid, memoryMiB, false);
    }

    /** As {@link #domainXml(String, UUID, int)}; {@code busy}: the guest spins a busy loop from boot (the lab's CPU hog). */
    public String domainXml(String name, UUID uuid, int memoryMiB, boolean busy) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>%d</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=tty0 console=ttyS0 quiet panic=-1%s</cmdline>
                  </os>
                  <features><acpi/></features>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <serial type='pty'><log file='%s' append='on'/><target port='0'/></serial>
                    <console type='pty'><target type='serial' port='0'/></console>
                    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
                    <video><model type='vga'/></video>
                    <memballoon model='none'/>
                  </devices>
                  <seclabel type='static' model='dac' relabel='no'><label>+0:+0</label></seclabel>
                </domain>
                """.formatted(xml(name), uuid, memoryMiB, xml(kernel.toString()), xml(initrd.toString()),
                busy ? " wharf.busy" : "", xml(serialLog(name)));
    }

    /**
     * The file a guest's serial console is logged to, as its daemon sees it: beside QEMU's log in
     * {@code /var/log/libvirt/qemu} for a system daemon (root: Wharf's test and lab daemons bind-mount
     * their own directory there), else (a session daemon, QEMU running as this user) in
     * {@code serial-logs} beside the kernel.
     */
    public String serialLog(String name) {
        return "root".equals(System.getProperty("user.name")) ? "/var/log/libvirt/qemu/" + name + "-serial.log"
                : kernel.resolveSibling("serial-logs").resolve(name + "-serial.log").toString();
    }

    /**
     * {@link #domainXml(String, UUID, int)} with one more disk, {@code vda}: the image {@code disk} in
     * {@code format} ({@code qcow2} holds internal snapshots, {@code raw} cannot), made with {@link #createDisk}.
     * The guest does not use it; it is where libvirt keeps snapshots.
     */
    public String domainXml(String name, UUID uuid, int memoryMiB, Path disk, String format) {
        return domainXml(name, uuid, memoryMiB, false, disk, format);
    }

    /** As {@link #domainXml(String, UUID, int, Path, String)}, the guest spinning a busy loop when {@code busy}. */
    public String domainXml(String name, UUID uuid, int memoryMiB, boolean busy, Path disk, String format) {
        return domainXml(name, uuid, memoryMiB, busy).replace("<devices>", """
                <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='%s'/>
                      <source file='%s'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>""".formatted(xml(format), xml(disk.toAbsolutePath().toString())).strip());
    }

    /** Creates an empty disk image ({@code qemu-img create -f FORMAT FILE SIZEM}); qemu-img comes with qemu-utils. */
    public static void createDisk(Path file, String format, int sizeMiB) throws IOException {
        if (!Files.isExecutable(QEMU_IMG)) {
            throw new IOException(QEMU_IMG + " is missing: apt install qemu-utils");
        }
        Process p = new ProcessBuilder(QEMU_IMG.toString(), "create", "-q", "-f", format, file.toString(), sizeMiB + "M")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("qemu-img create " + file + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating " + file, e);
        }
    }

    /** qemu-img, for {@link #createDisk}. */
    public static final Path QEMU_IMG = Path.of("/usr/bin/qemu-img");

    static Path busybox() {
        return Path.of("/bin/busybox");
    }

    static byte[] initramfs(Path guestDir) throws IOException {
        Cpio c = new Cpio();
        for (String d : new String[] {"bin", "sbin", "usr", "usr/bin", "usr/sbin", "proc", "sys", "dev", "tmp", "etc",
            "etc/acpi", "etc/acpi/PWRF", "lib", "lib/modules", "var", "var/run", "var/log", "root"}) {
            c.dir(d);
        }
        c.file("bin/busybox", 0755, Files.readAllBytes(busybox()));
        c.symlink("bin/sh", "busybox");
        c.file("lib/modules/evdev.ko", 0644, Files.readAllBytes(guestDir.resolve("evdev.ko")));
        c.file("lib/modules/button.ko", 0644, Files.readAllBytes(guestDir.resolve("button.ko")));
        c.file("etc/acpi/PWRF/00000080", 0755, "#!/bin/sh\necho 'wharf: power button, powering off'\npoweroff -f\n"
                .getBytes(StandardCharsets.US_ASCII));
        c.file("etc/profile", 0644, ("export PS1='" + PROMPT + "'\nexport PATH=/bin:/sbin:/usr/bin:/usr/sbin\n")
                .getBytes(StandardCharsets.US_ASCII));
        c.file("init", 0755, ("""
                #!/bin/busybox sh
                /bin/busybox --install -s
                export PATH=/bin:/sbin:/usr/bin:/usr/sbin
                mount -t proc proc /proc
                mount -t sysfs sysfs /sys
                mount -t devtmpfs devtmpfs /dev
                mkdir -p /var/run /var/log /tmp
                insmod /lib/modules/evdev.ko 2>/dev/null
                insmod /lib/modules/button.ko 2>/dev/null
                acpid
                case " $(cat /proc/cmdline) " in *" wharf.busy "*) (while :; do :; done) & ;; esac
                hostname wharf-guest
                echo
                echo "%s"
                (while true; do setsid -c sh -l <>/dev/tty1 >&0 2>&1; done) &
                while true; do
                  setsid cttyhack sh -l
                done
                """).formatted(BANNER).getBytes(StandardCharsets.US_ASCII));
        return c.finish();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
