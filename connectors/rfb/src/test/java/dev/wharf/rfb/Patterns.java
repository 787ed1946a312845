package dev.wharf.rfb;

/** Known test images whose regions suit every tile type of Hextile and ZRLE. */
final class Patterns {

    private Patterns() {
    }

    /**
     * A {@code w × h} image made of {@code cell}-sized blocks of six kinds, in turn: a gradient (many
     * colours), a solid colour, two-colour stripes, a four-colour checkerboard, twelve colours, and
     * a 3-colour pattern (the kinds shift by one from row to row of blocks).
     */
    static int[] image(int w, int h, int cell) {
        int[] img = new int[w * h];
        int cellsPerRow = (w + cell - 1) / cell;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int kind = ((x / cell) + (y / cell) * (cellsPerRow + 1)) % 6;
                int rgb = switch (kind) {
                    case 0 -> (x * 7 & 255) << 16 | (y * 5 & 255) << 8 | ((x + y) * 3 & 255);
                    case 1 -> 0x2060C0;
                    case 2 -> (x / 3) % 2 == 0 ? 0xFFFFFF : 0x000000;
                    case 3 -> new int[] {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00}[((x / 2) + (y / 2)) % 4];
                    case 4 -> 0x101010 * ((x + 3 * y) % 12);
                    default -> new int[] {0x123456, 0x654321, 0xABCDEF}[(x * y) % 3];
                };
                img[y * w + x] = 0xFF000000 | rgb;
            }
        }
        return img;
    }
}
