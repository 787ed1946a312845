package dev.wharf.views.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;

/** Writes a scene's snapshot as a PNG (no javafx-swing needed). Call on the JavaFX thread. */
public final class Snapshots {
    private Snapshots() {
    }

    public static void write(Scene scene, Path png) {
        WritableImage img = scene.snapshot(null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader pr = img.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            pr.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        try {
            ImageIO.write(out, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
