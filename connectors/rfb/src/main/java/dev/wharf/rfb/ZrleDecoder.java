package dev.wharf.rfb;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * ZRLE (RFC 6143 §7.7.6): zlib data (one stream for the connection) holding 64×64 tiles, each
 * raw, solid, packed-palette, plain RLE or palette RLE. Pixels are CPIXELs: 3 bytes (B, G, R) for
 * the client's 32-bit depth-24 format. Every run is checked against the pixels left in its tile.
 */
final class ZrleDecoder implements Decoder {

    private final ZlibStream zlib = new ZlibStream();
    private final int[] tile = new int[64 * 64];
    private final int[] palette = new int[128];

    @Override
    public void decode(DataInputStream in, Framebuffer fb, int x, int y, int w, int h) throws IOException {
        zlib.begin(in, in.readInt());
        for (int ty = y; ty < y + h; ty += 64) {
            int th = Math.min(64, y + h - ty);
            for (int tx = x; tx < x + w; tx += 64) {
                int tw = Math.min(64, x + w - tx);
                tile(tw, th);
                fb.put(tx, ty, tw, th, tile);
            }
        }
        zlib.finish();
    }

    void end() {
        zlib.end();
    }

    private int cpixel() throws IOException {
        ZlibStream z = zlib;
        if (z.end - z.pos < 3) {
            z.ensure(3);
        }
        byte[] b = z.out;
        int p = z.pos;
        z.pos = p + 3;
        return 0xFF000000 | (b[p + 2] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | (b[p] & 0xFF);
    }

    private void tile(int tw, int th) throws IOException {
        int n = tw * th;
        int sub = zlib.readU8();
        if (sub == 0) {
            raw(n);
        } else if (sub == 1) {
            Arrays.fill(tile, 0, n, cpixel());
        } else if (sub <= 16) {
            packedPalette(sub, tw, th);
        } else if (sub == 128) {
            int i = 0;
            while (i < n) {
                int colour = cpixel();
                int run = runLength(n - i);
                Arrays.fill(tile, i, i + run, colour);
                i += run;
            }
        } else if (sub >= 130) {
            paletteRle(sub - 128, n);
        } else {
            throw Decoder.malformed("unknown ZRLE tile type " + sub);
        }
    }

    /** A raw tile: its CPIXELs converted where the inflater left them (at most 12 KiB, made contiguous). */
    private void raw(int n) throws IOException {
        ZlibStream z = zlib;
        z.ensure(n * 3);
        byte[] b = z.out;
        int[] t = tile;
        int p = z.pos;
        for (int i = 0; i < n; i++, p += 3) {
            t[i] = 0xFF000000 | (b[p + 2] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | (b[p] & 0xFF);
        }
        z.pos = p;
    }

    private void readPalette(int size) throws IOException {
        ZlibStream z = zlib;
        z.ensure(size * 3);
        byte[] b = z.out;
        int p = z.pos;
        for (int i = 0; i < size; i++, p += 3) {
            palette[i] = 0xFF000000 | (b[p + 2] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | (b[p] & 0xFF);
        }
        z.pos = p;
    }

    private void paletteRle(int size, int n) throws IOException {
        readPalette(size);
        ZlibStream z = zlib;
        int[] t = tile;
        int[] pal = palette;
        int i = 0;
        while (i < n) {
            if (z.pos == z.end) {
                z.ensure(1);
            }
            int index = z.out[z.pos++] & 0xFF;
            if (index >= 128) {
                index &= 127;
                if (index >= size) {
                    throw badIndex(index, size);
                }
                int run = runLength(n - i);
                Arrays.fill(t, i, i + run, pal[index]);
                i += run;
            } else {
                if (index >= size) {
                    throw badIndex(index, size);
                }
                t[i++] = pal[index];
            }
        }
    }

    private static RfbException badIndex(int index, int size) {
        return Decoder.malformed("a ZRLE palette index " + index + " beyond its " + size + " colours");
    }

    private void packedPalette(int size, int tw, int th) throws IOException {
        readPalette(size);
        int bits = size == 2 ? 1 : size <= 4 ? 2 : 4;
        int mask = (1 << bits) - 1;
        int rowBytes = (tw * bits + 7) / 8;
        ZlibStream z = zlib;
        int[] t = tile;
        int[] pal = palette;
        for (int row = 0; row < th; row++) {
            z.ensure(rowBytes);
            byte[] b = z.out;
            int p = z.pos;
            int shift = 0;
            int current = 0;
            int at = row * tw;
            for (int col = 0; col < tw; col++) {
                if (shift == 0) {
                    current = b[p++] & 0xFF;
                    shift = 8;
                }
                shift -= bits;
                int index = (current >> shift) & mask;
                if (index >= size) {
                    throw badIndex(index, size);
                }
                t[at + col] = pal[index];
            }
            z.pos = p;
        }
    }

    /** A run length (1 + the sum of bytes, 255 meaning more follow), at most {@code left}. */
    private int runLength(int left) throws IOException {
        ZlibStream z = zlib;
        int run = 1;
        int b;
        do {
            if (z.pos == z.end) {
                z.ensure(1);
            }
            b = z.out[z.pos++] & 0xFF;
            run += b;
            if (run > left) {
                throw Decoder.malformed("a ZRLE run of " + run + "+ pixels where " + left + " remain in the tile");
            }
        } while (b == 255);
        return run;
    }
}
