package dev.wharf.rfb;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One persistent zlib stream across rectangles (ZRLE keeps its dictionary for the whole
 * connection). Each rectangle feeds exactly its compressed length from the wire; the decoder pulls
 * inflated bytes as it needs them, so output never piles up: a rectangle that inflates to more
 * than its tiles consume is an error once the excess passes {@link #MAX_TRAILING} bytes.
 */
final class ZlibStream {

    /** Largest compressed length accepted for one rectangle. */
    static final int MAX_COMPRESSED = 64 * 1024 * 1024;
    static final int MAX_TRAILING = 64 * 1024;

    private final Inflater inflater = new Inflater();
    private final byte[] input = new byte[16 * 1024];
    /**
     * Inflated bytes {@code out[pos..end)} not yet consumed. The decoder reads them in place (no call
     * per byte); {@link #ensure} makes a run of them contiguous first.
     */
    final byte[] out = new byte[64 * 1024];
    int pos;
    int end;
    private DataInputStream wire;
    private int compressedLeft;

    /** Starts a rectangle's zlib data of {@code length} bytes on {@code in}. */
    void begin(DataInputStream in, int length) throws RfbException {
        if (length < 0 || length > MAX_COMPRESSED) {
            throw Decoder.malformed("a zlib block of " + Integer.toUnsignedString(length) + " bytes (at most "
                    + MAX_COMPRESSED + " accepted)");
        }
        wire = in;
        compressedLeft = length;
        pos = 0;
        end = 0;
    }

    /**
     * Inflates more after the unconsumed bytes (moved to the start of {@link #out}); false when this
     * rectangle's data is used up.
     */
    private boolean more() throws IOException {
        int kept = end - pos;
        if (kept > 0 && pos > 0) {
            System.arraycopy(out, pos, out, 0, kept);
        }
        pos = 0;
        end = kept;
        while (true) {
            int n;
            try {
                n = inflater.inflate(out, end, out.length - end);
            } catch (DataFormatException e) {
                throw Decoder.malformed("the zlib stream is corrupt (" + e.getMessage() + ")");
            }
            if (n > 0) {
                end += n;
                return true;
            }
            if (inflater.needsDictionary()) {
                throw Decoder.malformed("the zlib stream asks for a preset dictionary");
            }
            if (inflater.finished()) {
                return false;
            }
            if (!inflater.needsInput() || compressedLeft == 0) {
                return false;
            }
            int chunk = Math.min(input.length, compressedLeft);
            wire.readFully(input, 0, chunk);
            compressedLeft -= chunk;
            inflater.setInput(input, 0, chunk);
        }
    }

    /** Makes at least {@code n} (≤ 32 KiB) inflated bytes available at {@code out[pos..]}. */
    void ensure(int n) throws IOException {
        while (end - pos < n) {
            if (!more()) {
                throw Decoder.malformed("ZRLE data ended before its tiles did");
            }
        }
    }

    int readU8() throws IOException {
        if (pos == end) {
            ensure(1);
        }
        return out[pos++] & 0xFF;
    }

    /** Ends the rectangle: feeds the rest of its compressed bytes, allowing little trailing output. */
    void finish() throws IOException {
        long trailing = end - pos;
        pos = end;
        while (more()) {
            trailing += end;
            pos = end;
            if (trailing > MAX_TRAILING) {
                throw Decoder.malformed("a ZRLE rectangle carries more data than its tiles");
            }
        }
        if (compressedLeft > 0) {
            // zlib stream finished early: the rest cannot be decoded, skip it
            wire.skipNBytes(compressedLeft);
            compressedLeft = 0;
        }
    }

    void end() {
        inflater.end();
    }
}
