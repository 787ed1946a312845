package dev.wharf.views.topology;

import java.util.LinkedHashMap;
import java.util.Map;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** Cuts strings to a pixel width with "…", measuring with the real font; results are cached (bounded). */
final class TextFitter {
    private static final int MAX = 20_000;
    private final Text probe = new Text();
    private final Map<String, String> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> e) {
            return size() > MAX;
        }
    };

    String fit(String s, Font font, double width) {
        if (width <= 8) {
            return "";
        }
        String key = font.getName() + '|' + font.getSize() + '|' + (int) width + '|' + s;
        String hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        String out = s;
        if (measure(s, font) > width) {
            int lo = 0;
            int hi = s.length();
            while (lo < hi) {
                int mid = (lo + hi + 1) / 2;
                if (measure(s.substring(0, mid) + "…", font) <= width) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            out = lo == 0 ? "…" : s.substring(0, lo) + "…";
        }
        cache.put(key, out);
        return out;
    }

    double width(String s, Font font) {
        return measure(s, font);
    }

    private double measure(String s, Font font) {
        probe.setFont(font);
        probe.setText(s);
        return probe.getLayoutBounds().getWidth();
    }
}
