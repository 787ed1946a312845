package dev.wharf.views.graphics;

import dev.wharf.rfb.Framebuffer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A framebuffer still as a PNG file (off the FX thread). */
public final class Screenshots {
    private Screenshots() {
    }

    /** Writes {@code frame} to {@code file} as an opaque RGB PNG; replaces the file through a temporary one. */
    public static void writePng(Framebuffer.Frame frame, Path file) throws IOException {
        if (frame.width() <= 0 || frame.height() <= 0) {
            throw new IOException("the guest's screen is empty (0×0)");
        }
        BufferedImage img = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, frame.width(), frame.height(), frame.argb(), 0, frame.width());
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".wharf-shot", ".png");
        try {
            if (!javax.imageio.ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
