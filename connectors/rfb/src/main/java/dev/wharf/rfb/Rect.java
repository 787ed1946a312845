package dev.wharf.rfb;

/** A rectangle of the framebuffer, in pixels. */
public record Rect(int x, int y, int width, int height) {

    public int right() {
        return x + width;
    }

    public int bottom() {
        return y + height;
    }

    public boolean isEmpty() {
        return width <= 0 || height <= 0;
    }

    /** The smallest rectangle holding both; an empty one is ignored. */
    public Rect union(Rect o) {
        if (o == null || o.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return o;
        }
        int nx = Math.min(x, o.x);
        int ny = Math.min(y, o.y);
        return new Rect(nx, ny, Math.max(right(), o.right()) - nx, Math.max(bottom(), o.bottom()) - ny);
    }
}
