package dev.wharf.icons;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class WharfIconTest {
    private static final Pattern TOKEN = Pattern.compile("[MmLlHhVvZzCcQqTtSs]|-?\\d*\\.?\\d+");

    @Test
    void everyPathIsWellFormedAndStaysOnTheGrid() {
        for (WharfIcon icon : WharfIcon.values()) {
            String rest = TOKEN.matcher(icon.path()).replaceAll("").trim();
            assertThat(rest).as("%s has only path commands and numbers", icon).matches("[\\s,]*");
            assertThat(icon.path()).as("%s starts with a move", icon).startsWith("M");
            Matcher m = TOKEN.matcher(icon.path());
            while (m.find()) {
                String t = m.group();
                if (!Character.isLetter(t.charAt(0))) {
                    assertThat(Math.abs(Double.parseDouble(t))).as("%s coordinate", icon).isLessThanOrEqualTo(WharfIcon.GRID);
                }
            }
        }
    }

    @Test
    void kindsAndBadgesHaveDistinctGlyphs() {
        assertThat(java.util.Arrays.stream(WharfIcon.values()).map(WharfIcon::path).distinct().count())
                .isEqualTo(WharfIcon.values().length);
    }

    @Test
    void appIconsExistAtEverySize() throws Exception {
        for (int size : WharfIcon.APP_ICON_SIZES) {
            try (InputStream in = WharfIcon.class.getResourceAsStream(WharfIcon.appIconResource(size))) {
                assertThat(in).as("icon %d", size).isNotNull();
                BufferedImage img = ImageIO.read(in);
                assertThat(img.getWidth()).isEqualTo(size);
                assertThat(img.getHeight()).isEqualTo(size);
                // the corner is transparent (rounded tile), the centre is not
                assertThat(img.getRGB(0, 0) >>> 24).isZero();
                assertThat(img.getRGB(size / 2, size / 2) >>> 24).isEqualTo(255);
            }
        }
    }
}
