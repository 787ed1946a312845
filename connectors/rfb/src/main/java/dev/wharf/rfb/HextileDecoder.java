package dev.wharf.rfb;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Hextile (RFC 6143 §7.7.4): 16×16 tiles, left to right, top to bottom, each raw or a background
 * plus subrectangles. Background and foreground carry over from tile to tile within a rectangle.
 */
final class HextileDecoder implements Decoder {

    private static final int RAW = 1;
    private static final int BACKGROUND = 2;
    private static final int FOREGROUND = 4;
    private static final int ANY_SUBRECTS = 8;
    private static final int SUBRECTS_COLOURED = 16;

    private final int[] tile = new int[16 * 16];
    private final byte[] bytes = new byte[16 * 16 * 4];

    @Override
    public void decode(DataInputStream in, Framebuffer fb, int x, int y, int w, int h) throws IOException {
        int bg = 0xFF000000;
        int fg = 0xFFFFFFFF;
        for (int ty = y; ty < y + h; ty += 16) {
            int th = Math.min(16, y + h - ty);
            for (int tx = x; tx < x + w; tx += 16) {
                int tw = Math.min(16, x + w - tx);
                int sub = in.readUnsignedByte();
                if ((sub & RAW) != 0) {
                    in.readFully(bytes, 0, tw * th * 4);
                    for (int i = 0; i < tw * th; i++) {
                        tile[i] = Decoder.pixel(bytes, i * 4);
                    }
                    fb.put(tx, ty, tw, th, tile);
                    continue;
                }
                if ((sub & BACKGROUND) != 0) {
                    bg = Decoder.readPixel(in);
                }
                if ((sub & FOREGROUND) != 0) {
                    fg = Decoder.readPixel(in);
                }
                Arrays.fill(tile, 0, tw * th, bg);
                if ((sub & ANY_SUBRECTS) != 0) {
                    int count = in.readUnsignedByte();
                    boolean coloured = (sub & SUBRECTS_COLOURED) != 0;
                    for (int i = 0; i < count; i++) {
                        int colour = coloured ? Decoder.readPixel(in) : fg;
                        int xy = in.readUnsignedByte();
                        int wh = in.readUnsignedByte();
                        int sx = xy >> 4;
                        int sy = xy & 15;
                        int sw = (wh >> 4) + 1;
                        int sh = (wh & 15) + 1;
                        if (sx + sw > tw || sy + sh > th) {
                            throw Decoder.malformed("a Hextile subrectangle " + sw + "×" + sh + "+" + sx + "+" + sy
                                    + " lies outside its " + tw + "×" + th + " tile");
                        }
                        for (int r = sy; r < sy + sh; r++) {
                            Arrays.fill(tile, r * tw + sx, r * tw + sx + sw, colour);
                        }
                    }
                }
                fb.put(tx, ty, tw, th, tile);
            }
        }
    }
}
