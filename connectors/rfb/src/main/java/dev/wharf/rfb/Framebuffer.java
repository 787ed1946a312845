package dev.wharf.rfb;

import java.util.Arrays;

/**
 * The remote desktop's pixels as opaque ARGB ints, row by row. The session's reader thread writes
 * one rectangle at a time while holding this object's monitor; readers on other threads copy
 * through {@link #copy} or {@link #snapshot} (which take the same monitor) and so never see half a
 * rectangle.
 */
public final class Framebuffer {

    /** Largest width or height accepted from a server. */
    public static final int MAX_SIDE = 16384;
    /** Largest pixel count accepted from a server (64 MiB of ints). */
    public static final int MAX_PIXELS = 16 * 1024 * 1024;

    private int width;
    private int height;
    private int[] pixels;

    Framebuffer(int width, int height) throws RfbException {
        resize(width, height);
    }

    static void checkSize(int width, int height) throws RfbException {
        if (width < 0 || height < 0 || width > MAX_SIDE || height > MAX_SIDE
                || (long) width * height > MAX_PIXELS) {
            throw new RfbException(RfbException.Kind.PROTOCOL,
                    "the server announced a " + width + "×" + height + " desktop, beyond the "
                            + MAX_SIDE + " pixels per side / " + MAX_PIXELS + " pixels this viewer accepts");
        }
    }

    synchronized void resize(int w, int h) throws RfbException {
        checkSize(w, h);
        width = w;
        height = h;
        pixels = new int[w * h];
        Arrays.fill(pixels, 0xFF000000);
    }

    public synchronized int width() {
        return width;
    }

    public synchronized int height() {
        return height;
    }

    /** Whether the rectangle lies inside the framebuffer. */
    synchronized boolean contains(int x, int y, int w, int h) {
        return x >= 0 && y >= 0 && w >= 0 && h >= 0 && (long) x + w <= width && (long) y + h <= height;
    }

    /** Writes a {@code w × h} block of {@code src} (row by row, {@code w} wide) at x, y (inside). */
    synchronized void put(int x, int y, int w, int h, int[] src) {
        for (int row = 0; row < h; row++) {
            System.arraycopy(src, row * w, pixels, (y + row) * width + x, w);
        }
    }

    /** Fills a rectangle (inside) with one colour. */
    synchronized void fill(int x, int y, int w, int h, int argb) {
        for (int row = 0; row < h; row++) {
            int start = (y + row) * width + x;
            Arrays.fill(pixels, start, start + w, argb);
        }
    }

    /** Copies a rectangle (both inside) within the framebuffer; overlapping is fine. */
    synchronized void move(int sx, int sy, int dx, int dy, int w, int h) {
        if (sy < dy) {
            for (int row = h - 1; row >= 0; row--) {
                System.arraycopy(pixels, (sy + row) * width + sx, pixels, (dy + row) * width + dx, w);
            }
        } else {
            for (int row = 0; row < h; row++) {
                System.arraycopy(pixels, (sy + row) * width + sx, pixels, (dy + row) * width + dx, w);
            }
        }
    }

    /**
     * Copies {@code r} (clipped to the framebuffer) into {@code dst} at the same position, where
     * {@code dst} is a {@code dstStride}-wide image. Returns the clipped rectangle copied.
     */
    public synchronized Rect copy(Rect r, int[] dst, int dstStride) {
        int x0 = Math.max(0, r.x());
        int y0 = Math.max(0, r.y());
        int x1 = Math.min(width, r.right());
        int y1 = Math.min(height, r.bottom());
        if (x1 <= x0 || y1 <= y0) {
            return new Rect(x0, y0, 0, 0);
        }
        for (int y = y0; y < y1; y++) {
            System.arraycopy(pixels, y * width + x0, dst, y * dstStride + x0, x1 - x0);
        }
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /** A still image: {@code width × height} ARGB pixels, row by row. */
    public record Frame(int width, int height, int[] argb) {
    }

    /** A copy of the whole framebuffer. */
    public synchronized Frame snapshot() {
        return new Frame(width, height, pixels.clone());
    }
}
