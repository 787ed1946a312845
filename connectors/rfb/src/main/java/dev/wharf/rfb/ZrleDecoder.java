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
    private final byte[] bytes = new byte[64 * 64 * 3];

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
        int b = zlib.readU8();
        int g = zlib.readU8();
        int r = zlib.readU8();
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    private void tile(int tw, int th) throws IOException {
        int n = tw * th;
        int sub = zlib.readU8();
        if (sub == 0) {
            zlib.readFully(bytes, 0, n * 3);
            for (int i = 0; i < n; i++) {
                tile[i] = 0xFF000000 | (bytes[i * 3 + 2] & 0xFF) << 16 | (bytes[i * 3 + 1] & 0xFF) << 8 | (bytes[i * 3] & 0xFF);
            }
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
            int size = sub - 128;
            for (int p = 0; p < size; p++) {
                palette[p] = cpixel();
            }
            int i = 0;
            while (i < n) {
                int index = zlib.readU8();
                int run = 1;
                if ((index & 128) != 0) {
                    index &= 127;
                    run = runLength(n - i);
                }
                if (index >= size) {
                    throw Decoder.malformed("a ZRLE palette index " + index + " beyond its " + size + " colours");
                }
                Arrays.fill(tile, i, i + run, palette[index]);
                i += run;
            }
        } else {
            throw Decoder.malformed("unknown ZRLE tile type " + sub);
        }
    }

    private void packedPalette(int size, int tw, int th) throws IOException {
        for (int p = 0; p < size; p++) {
            palette[p] = cpixel();
        }
        int bits = size == 2 ? 1 : size <= 4 ? 2 : 4;
        int mask = (1 << bits) - 1;
        for (int row = 0; row < th; row++) {
            int shift = 0;
            int current = 0;
            for (int col = 0; col < tw; col++) {
                if (shift == 0) {
                    current = zlib.readU8();
                    shift = 8;
                }
                shift -= bits;
                int index = (current >> shift) & mask;
                if (index >= size) {
                    throw Decoder.malformed("a ZRLE palette index " + index + " beyond its " + size + " colours");
                }
                tile[row * tw + col] = palette[index];
            }
        }
    }

    /** A run length (1 + the sum of bytes, 255 meaning more follow), at most {@code left}. */
    private int runLength(int left) throws IOException {
        int run = 1;
        int b;
        do {
            b = zlib.readU8();
            run += b;
            if (run > left) {
                throw Decoder.malformed("a ZRLE run of " + run + "+ pixels where " + left + " remain in the tile");
            }
        } while (b == 255);
        return run;
    }
}
