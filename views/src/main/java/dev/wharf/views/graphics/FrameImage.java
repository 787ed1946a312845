package dev.wharf.views.graphics;

import dev.wharf.rfb.Framebuffer;
import dev.wharf.rfb.Rect;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.nio.IntBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The remote screen as a {@link WritableImage} over a {@link PixelBuffer} of ints. The RFB reader
 * thread reports damaged rectangles ({@link #damaged}, any thread: they are merged into one);
 * once per pulse, and only when something changed, the FX thread copies that rectangle from the
 * framebuffer into the buffer and tells JavaFX which region to upload. A timer runs only while
 * damage keeps coming (it stops after a second of quiet).
 */
final class FrameImage {
    private static final int IDLE_PULSES = 60;

    private final Supplier<Framebuffer> source;
    private final AtomicReference<Rect> pending = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final ReadOnlyObjectWrapper<WritableImage> image = new ReadOnlyObjectWrapper<>();
    private int[] pixels = new int[0];
    private PixelBuffer<IntBuffer> buffer;
    private int width;
    private int height;
    private int idle;
    private long copies;
    private long copyNanos;
    private long maxCopyNanos;

    private final AnimationTimer pulse = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (!applyPending()) {
                if (++idle >= IDLE_PULSES) {
                    stop();
                    running.set(false);
                    if (pending.get() != null) {
                        wake(); // damage came in while stopping
                    }
                }
            } else {
                idle = 0;
            }
        }
    };

    /** @param source the current framebuffer, null while none */
    FrameImage(Supplier<Framebuffer> source) {
        this.source = source;
    }

    ReadOnlyObjectProperty<WritableImage> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** These pixels changed. Any thread; never blocks. */
    void damaged(Rect r) {
        pending.accumulateAndGet(r, (a, b) -> a == null ? b : a.union(b));
        wake();
    }

    /** Everything changed (a new session, a new size). Any thread. */
    void damagedAll() {
        damaged(new Rect(0, 0, Framebuffer.MAX_SIDE, Framebuffer.MAX_SIDE));
    }

    private void wake() {
        if (running.compareAndSet(false, true)) {
            if (Platform.isFxApplicationThread()) {
                idle = 0;
                pulse.start();
            } else {
                Platform.runLater(() -> {
                    idle = 0;
                    pulse.start();
                });
            }
        }
    }

    /**
     * FX thread: copies what changed since the last call into the image. Returns false when nothing
     * had changed (or no framebuffer is there yet: the damage waits).
     */
    boolean applyPending() {
        Rect r = pending.getAndSet(null);
        if (r == null) {
            return false;
        }
        Framebuffer fb = source.get();
        if (fb == null) {
            pending.accumulateAndGet(r, (a, b) -> a == null ? b : a.union(b));
            return false;
        }
        long t0 = System.nanoTime();
        Rect copied;
        synchronized (fb) { // no rectangle is half written while we copy; the size cannot change under us
            if (fb.width() != width || fb.height() != height || buffer == null) {
                resize(fb.width(), fb.height());
                r = new Rect(0, 0, width, height);
            }
            copied = fb.copy(r, pixels, width);
        }
        if (!copied.isEmpty()) {
            Rect c = copied;
            buffer.updateBuffer(b -> new Rectangle2D(c.x(), c.y(), c.width(), c.height()));
        }
        long took = System.nanoTime() - t0;
        copies++;
        copyNanos += took;
        maxCopyNanos = Math.max(maxCopyNanos, took);
        return true;
    }

    private void resize(int w, int h) {
        width = w;
        height = h;
        pixels = new int[Math.max(1, w * h)];
        java.util.Arrays.fill(pixels, 0xFF000000);
        buffer = new PixelBuffer<>(Math.max(1, w), Math.max(1, h), IntBuffer.wrap(pixels),
                PixelFormat.getIntArgbPreInstance());
        image.set(new WritableImage(buffer));
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** FX-thread copies so far, their total and longest time (for the benchmark and the tests). */
    long copies() {
        return copies;
    }

    long copyNanos() {
        return copyNanos;
    }

    long maxCopyNanos() {
        return maxCopyNanos;
    }

    void stop() {
        pulse.stop();
        running.set(false);
    }
}
