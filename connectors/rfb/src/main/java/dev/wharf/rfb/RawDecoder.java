package dev.wharf.rfb;

import java.io.DataInputStream;
import java.io.IOException;

/** Raw: w × h pixels, row by row. Decoded in bands of rows so no rectangle needs a huge buffer. */
final class RawDecoder implements Decoder {

    private static final int BAND_BYTES = 256 * 1024;
    private byte[] bytes = new byte[0];
    private int[] argb = new int[0];

    @Override
    public void decode(DataInputStream in, Framebuffer fb, int x, int y, int w, int h) throws IOException {
        if (w == 0 || h == 0) {
            return;
        }
        int rowsPerBand = Math.max(1, Math.min(h, BAND_BYTES / (w * 4)));
        int need = rowsPerBand * w;
        if (argb.length < need) {
            argb = new int[need];
            bytes = new byte[need * 4];
        }
        for (int row = 0; row < h; row += rowsPerBand) {
            int rows = Math.min(rowsPerBand, h - row);
            int n = rows * w;
            in.readFully(bytes, 0, n * 4);
            for (int i = 0; i < n; i++) {
                argb[i] = Decoder.pixel(bytes, i * 4);
            }
            fb.put(x, y + row, w, rows, argb);
        }
    }
}
