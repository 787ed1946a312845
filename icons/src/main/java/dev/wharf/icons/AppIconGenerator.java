package dev.wharf.icons;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Draws the app icon (a blue tile with three containers stacked on a quay above the water) at
 * every size of {@link WharfIcon#APP_ICON_SIZES}. Run it after changing the design:
 * {@code java -cp icons/target/classes dev.wharf.icons.AppIconGenerator icons/src/main/resources/dev/wharf/icons/app}.
 */
public final class AppIconGenerator {
    private AppIconGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(dir);
        for (int size : WharfIcon.APP_ICON_SIZES) {
            ImageIO.write(draw(size), "png", dir.resolve("wharf-" + size + ".png").toFile());
        }
    }

    /** The icon at {@code size}×{@code size} pixels. */
    public static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double s = size / 256.0;
        g.scale(s, s);
        g.setPaint(new GradientPaint(0, 0, new Color(0x3B8EF5), 0, 256, new Color(0x1D4FB0)));
        g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56));
        // three containers: two on top, one long below
        g.setColor(Color.WHITE);
        g.fill(new RoundRectangle2D.Double(50, 58, 72, 48, 10, 10));
        g.setColor(new Color(255, 255, 255, 200));
        g.fill(new RoundRectangle2D.Double(134, 58, 72, 48, 10, 10));
        g.setColor(new Color(255, 255, 255, 235));
        g.fill(new RoundRectangle2D.Double(50, 116, 156, 48, 10, 10));
        if (size >= 32) {
            g.setColor(new Color(0x2A6FD6));
            g.setStroke(new BasicStroke(6f));
            for (int x = 70; x <= 186; x += 20) {
                g.drawLine(x, 126, x, 154);
            }
        }
        // the quay and the water
        g.setColor(new Color(0xCFE3FF));
        g.fill(new RoundRectangle2D.Double(36, 172, 184, 14, 7, 7));
        Path2D wave = new Path2D.Double();
        wave.moveTo(36, 206);
        for (int i = 0; i < 4; i++) {
            double x = 36 + i * 46;
            wave.quadTo(x + 11.5, 194, x + 23, 206);
            wave.quadTo(x + 34.5, 218, x + 46, 206);
        }
        g.setColor(new Color(0x9CC7FF));
        g.setStroke(new BasicStroke(9f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(wave);
        g.dispose();
        return img;
    }
}
