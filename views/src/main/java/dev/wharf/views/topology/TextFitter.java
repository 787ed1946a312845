package dev.wharf.views.topology;

import java.util.LinkedHashMap;
import java.util.Map;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** Cuts strings to a pixel width with "…" in the middle, measuring with the real font; results are cached (bounded). */
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
        String out = measure(s, font) > width ? middle(s, width, t -> measure(t, font)) : s;
        cache.put(key, out);
        return out;
    }

    /**
     * {@code s} cut in the middle to fit {@code width}: the start and the end stay, so names that
     * differ only in their suffix (a pod's hash) stay apart — "fc-runner-6c7…d9f-x2k4".
     */
    static String middle(String s, double width, java.util.function.ToDoubleFunction<String> measure) {
        int lo = 0;
        int hi = s.length() - 1;
        String best = measure.applyAsDouble("…") <= width ? "…" : "";
        while (lo < hi) {
            int n = (lo + hi + 1) / 2;
            String cut = cut(s, n);
            if (measure.applyAsDouble(cut) <= width) {
                lo = n;
                best = cut;
            } else {
                hi = n - 1;
            }
        }
        return best;
    }

    /** The first and last characters of {@code s}, {@code n} in all, around "…". */
    static String cut(String s, int n) {
        if (n <= 0) {
            return "…";
        }
        // the end keeps the last word (after - . _ /) and a little before it, at most half
        int lastWord = s.length() - 1 - Math.max(Math.max(s.lastIndexOf('-'), s.lastIndexOf('.')),
                Math.max(s.lastIndexOf('_'), s.lastIndexOf('/')));
        int tail = Math.min(n / 2, Math.max(lastWord + 4, (int) Math.round(n * 0.35)));
        return s.substring(0, n - tail) + "…" + s.substring(s.length() - tail);
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
