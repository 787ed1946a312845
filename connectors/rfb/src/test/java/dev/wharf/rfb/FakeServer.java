package dev.wharf.rfb;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * What a VNC server says, written ahead of time: the fake server's side of a session as one byte
 * array (it needs nothing from the client to continue), plus encoders for every encoding that
 * turn a known ARGB image into wire bytes the way a server would.
 */
final class FakeServer {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final Deflater deflater = new Deflater(6);

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    FakeServer raw(byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeServer u8(int v) {
        return raw(new byte[] {(byte) v});
    }

    FakeServer u16(int v) {
        return raw(new byte[] {(byte) (v >> 8), (byte) v});
    }

    FakeServer u32(int v) {
        return raw(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
    }

    FakeServer text(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return u32(b.length).raw(b);
    }

    /** RFB 3.8, security None, ServerInit. */
    FakeServer hello(int w, int h, String name) {
        return raw("RFB 003.008\n".getBytes()).u8(1).u8(1).u32(0).serverInit(w, h, name);
    }

    FakeServer serverInit(int w, int h, String name) {
        u16(w).u16(h);
        // QEMU's own format: 32 bpp, depth 24, little-endian, true colour, 255/255/255, 16/8/0
        raw(new byte[] {32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0});
        return text(name);
    }

    /** FramebufferUpdate header. */
    FakeServer update(int rects) {
        return u8(0).u8(0).u16(rects);
    }

    FakeServer rect(int x, int y, int w, int h, int encoding) {
        return u16(x).u16(y).u16(w).u16(h).u32(encoding);
    }

    FakeServer pixel(int argb) {
        return raw(new byte[] {(byte) argb, (byte) (argb >> 8), (byte) (argb >> 16), 0});
    }

    // ---- encoders ---------------------------------------------------------------------------

    /** A Raw rectangle of {@code img} (stride {@code iw}). */
    FakeServer rawRect(int[] img, int iw, int x, int y, int w, int h) {
        rect(x, y, w, h, Encodings.RAW);
        for (int r = y; r < y + h; r++) {
            for (int c = x; c < x + w; c++) {
                pixel(img[r * iw + c]);
            }
        }
        return this;
    }

    /**
     * A Hextile rectangle: solid tiles as background only (omitted when the previous background
     * still holds), two-colour tiles as background + foreground + plain subrectangles, tiles of up
     * to 8 colours as coloured subrectangles, other tiles raw.
     */
    FakeServer hextileRect(int[] img, int iw, int x, int y, int w, int h) {
        rect(x, y, w, h, Encodings.HEXTILE);
        Integer bg = null;
        for (int ty = y; ty < y + h; ty += 16) {
            int th = Math.min(16, y + h - ty);
            for (int tx = x; tx < x + w; tx += 16) {
                int tw = Math.min(16, x + w - tx);
                int[] t = new int[tw * th];
                for (int r = 0; r < th; r++) {
                    System.arraycopy(img, (ty + r) * iw + tx, t, r * tw, tw);
                }
                int[] colours = Arrays.stream(t).distinct().toArray();
                if (colours.length == 1) {
                    if (bg != null && bg == colours[0]) {
                        u8(0);
                    } else {
                        u8(2).pixel(colours[0]);
                        bg = colours[0];
                    }
                } else if (colours.length <= 8) {
                    int background = colours[0];
                    ByteArrayOutputStream subs = new ByteArrayOutputStream();
                    int count = 0;
                    boolean coloured = colours.length > 2;
                    for (int r = 0; r < th; r++) {
                        int c = 0;
                        while (c < tw) {
                            int colour = t[r * tw + c];
                            int run = 1;
                            while (c + run < tw && t[r * tw + c + run] == colour) {
                                run++;
                            }
                            if (colour != background) {
                                if (coloured) {
                                    subs.write(colour);
                                    subs.write(colour >> 8);
                                    subs.write(colour >> 16);
                                    subs.write(0);
                                }
                                subs.write(c << 4 | r);
                                subs.write((run - 1) << 4);
                                count++;
                            }
                            c += run;
                        }
                    }
                    if (count > 255) {
                        rawTile(t);
                        bg = null;
                        continue;
                    }
                    u8(2 | 8 | (coloured ? 16 : 4)).pixel(background);
                    if (!coloured) {
                        pixel(colours[1]);
                    }
                    u8(count).raw(subs.toByteArray());
                    bg = background;
                } else {
                    rawTile(t);
                }
            }
        }
        return this;
    }

    private void rawTile(int[] t) {
        u8(1);
        for (int p : t) {
            pixel(p);
        }
    }

    /**
     * A ZRLE rectangle through this server's one Deflater (sync-flushed, as servers do). Tile types
     * rotate so that every type valid for a tile is used: raw, solid, packed palette, plain RLE,
     * palette RLE.
     */
    FakeServer zrleRect(int[] img, int iw, int x, int y, int w, int h) {
        rect(x, y, w, h, Encodings.ZRLE);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        int index = 0;
        for (int ty = y; ty < y + h; ty += 64) {
            int th = Math.min(64, y + h - ty);
            for (int tx = x; tx < x + w; tx += 64) {
                int tw = Math.min(64, x + w - tx);
                int[] t = new int[tw * th];
                for (int r = 0; r < th; r++) {
                    System.arraycopy(img, (ty + r) * iw + tx, t, r * tw, tw);
                }
                zrleTile(plain, t, tw, th, index++);
            }
        }
        byte[] p = plain.toByteArray();
        deflater.setInput(p);
        byte[] buf = new byte[p.length * 2 + 1024];
        int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        return u32(n).raw(Arrays.copyOf(buf, n));
    }

    private static void cpixel(ByteArrayOutputStream o, int argb) {
        o.write(argb);
        o.write(argb >> 8);
        o.write(argb >> 16);
    }

    /** ZRLE tile types this server has written ("raw", "solid", "packed 1", "packed 2", "packed 4", "rle", "palette rle"). */
    final java.util.Set<String> zrleTypesUsed = new java.util.TreeSet<>();

    private void zrleTile(ByteArrayOutputStream o, int[] t, int tw, int th, int index) {
        int[] colours = Arrays.stream(t).distinct().toArray();
        java.util.List<String> valid = new java.util.ArrayList<>(java.util.List.of("raw", "rle"));
        if (colours.length == 1) {
            valid.add("solid");
        }
        if (colours.length >= 2 && colours.length <= 16) {
            valid.add("packed");
        }
        if (colours.length <= 127) {
            valid.add("palette rle");
        }
        String type = valid.get(index % valid.size());
        if (type.equals("packed")) {
            int bits = colours.length <= 2 ? 1 : colours.length <= 4 ? 2 : 4;
            type = "packed " + bits;
        }
        zrleTypesUsed.add(type);
        if (type.equals("solid")) {
            o.write(1);
            cpixel(o, colours[0]);
        } else if (type.startsWith("packed")) {
            o.write(colours.length);
            for (int c : colours) {
                cpixel(o, c);
            }
            int bits = colours.length <= 2 ? 1 : colours.length <= 4 ? 2 : 4;
            for (int r = 0; r < th; r++) {
                int acc = 0;
                int used = 0;
                for (int c = 0; c < tw; c++) {
                    acc = acc << bits | indexOf(colours, t[r * tw + c]);
                    used += bits;
                    if (used == 8) {
                        o.write(acc);
                        acc = 0;
                        used = 0;
                    }
                }
                if (used > 0) {
                    o.write(acc << (8 - used));
                }
            }
        } else if (type.equals("rle")) {
            o.write(128);
            forRuns(t, (colour, run) -> {
                cpixel(o, colour);
                runLength(o, run);
            });
        } else if (type.equals("palette rle")) {
            o.write(128 + colours.length);
            for (int c : colours) {
                cpixel(o, c);
            }
            forRuns(t, (colour, run) -> {
                int i = indexOf(colours, colour);
                if (run == 1) {
                    o.write(i);
                } else {
                    o.write(i | 128);
                    runLength(o, run);
                }
            });
        } else {
            o.write(0);
            for (int p : t) {
                cpixel(o, p);
            }
        }
    }

    interface RunSink {
        void run(int colour, int length);
    }

    private static void forRuns(int[] t, RunSink sink) {
        int i = 0;
        while (i < t.length) {
            int run = 1;
            while (i + run < t.length && t[i + run] == t[i]) {
                run++;
            }
            sink.run(t[i], run);
            i += run;
        }
    }

    private static void runLength(ByteArrayOutputStream o, int run) {
        int left = run - 1;
        while (left >= 255) {
            o.write(255);
            left -= 255;
        }
        o.write(left);
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }
}
