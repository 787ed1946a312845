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
    private final byte[] output = new byte[32 * 1024];
    private DataInputStream wire;
    private int compressedLeft;
    private int outPos;
    private int outEnd;

    /** Starts a rectangle's zlib data of {@code length} bytes on {@code in}. */
    void begin(DataInputStream in, int length) throws RfbException {
        if (length < 0 || length > MAX_COMPRESSED) {
            throw Decoder.malformed("a zlib block of " + Integer.toUnsignedString(length) + " bytes (at most "
                    + MAX_COMPRESSED + " accepted)");
        }
        wire = in;
        compressedLeft = length;
        outPos = 0;
        outEnd = 0;
    }

    /** Inflates more; false when this rectangle's data is used up. */
    private boolean more() throws IOException {
        while (true) {
            int n;
            try {
                n = inflater.inflate(output, 0, output.length);
            } catch (DataFormatException e) {
                throw Decoder.malformed("the zlib stream is corrupt (" + e.getMessage() + ")");
            }
            if (n > 0) {
                outPos = 0;
                outEnd = n;
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

    int readU8() throws IOException {
        if (outPos == outEnd && !more()) {
            throw Decoder.malformed("ZRLE data ended before its tiles did");
        }
        return output[outPos++] & 0xFF;
    }

    void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (outPos == outEnd && !more()) {
                throw Decoder.malformed("ZRLE data ended before its tiles did");
            }
            int n = Math.min(len, outEnd - outPos);
            System.arraycopy(output, outPos, b, off, n);
            outPos += n;
            off += n;
            len -= n;
        }
    }

    /** Ends the rectangle: feeds the rest of its compressed bytes, allowing little trailing output. */
    void finish() throws IOException {
        long trailing = outEnd - outPos;
        outPos = outEnd;
        while (more()) {
            trailing += outEnd;
            outPos = outEnd;
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
