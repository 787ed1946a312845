package dev.wharf.rfb;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * Decodes one rectangle of one encoding into the framebuffer. The rectangle has been checked to lie
 * inside the framebuffer. Pixels on the wire are in the format the client set: 32 bits per pixel,
 * little-endian, red/green/blue shifts 16/8/0 (so a pixel read as a little-endian int is 0x··RRGGBB).
 */
interface Decoder {

    void decode(DataInputStream in, Framebuffer fb, int x, int y, int w, int h) throws IOException;

    /** An opaque ARGB pixel from 4 little-endian wire bytes at {@code off}. */
    static int pixel(byte[] b, int off) {
        return 0xFF000000 | (b[off + 2] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | (b[off] & 0xFF);
    }

    /** Reads one 4-byte wire pixel. */
    static int readPixel(DataInputStream in) throws IOException {
        return 0xFF000000 | (Integer.reverseBytes(in.readInt()) & 0xFFFFFF);
    }

    static RfbException malformed(String what) {
        return new RfbException(RfbException.Kind.PROTOCOL, "the server sent malformed data: " + what);
    }
}
