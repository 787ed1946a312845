package dev.wharf.libvirt.guest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "newc" format the Linux kernel unpacks as an initramfs
 * (see the kernel's Documentation/driver-api/early-userspace/buffer-format.rst). Small and
 * dependency-free so the guest can be built without the {@code cpio} binary.
 */
final class Cpio {
    private static final int DIR = 0040000;
    private static final int FILE = 0100000;
    private static final int LINK = 0120000;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int ino = 1;

    void dir(String path) {
        entry(path, DIR | 0755, new byte[0]);
    }

    void file(String path, int mode, byte[] content) {
        entry(path, FILE | mode, content);
    }

    void symlink(String path, String target) {
        entry(path, LINK | 0777, target.getBytes(StandardCharsets.UTF_8));
    }

    byte[] finish() {
        entry("TRAILER!!!", 0, new byte[0]);
        return out.toByteArray();
    }

    private void entry(String name, int mode, byte[] data) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("070701");
        int[] fields = {name.equals("TRAILER!!!") ? 0 : ino++, mode, 0, 0, (mode & DIR) == DIR ? 2 : 1, 0,
            data.length, 0, 0, 0, 0, n.length, 0};
        for (int f : fields) {
            h.append(String.format("%08x", f));
        }
        write(h.toString().getBytes(StandardCharsets.US_ASCII));
        write(n);
        pad();
        write(data);
        pad();
    }

    private void pad() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    private void write(byte[] b) {
        out.write(b, 0, b.length);
    }

    void writeTo(OutputStream os) throws IOException {
        out.writeTo(os);
    }
}
