package dev.wharf.rfb;

import java.io.DataInputStream;
import java.io.IOException;

/** CopyRect: the rectangle's pixels come from another place of the framebuffer (source x, y). */
final class CopyRectDecoder implements Decoder {

    @Override
    public void decode(DataInputStream in, Framebuffer fb, int x, int y, int w, int h) throws IOException {
        int sx = in.readUnsignedShort();
        int sy = in.readUnsignedShort();
        if (!fb.contains(sx, sy, w, h)) {
            throw Decoder.malformed("CopyRect source " + w + "×" + h + "+" + sx + "+" + sy + " lies outside the "
                    + fb.width() + "×" + fb.height() + " desktop");
        }
        fb.move(sx, sy, x, y, w, h);
    }
}
