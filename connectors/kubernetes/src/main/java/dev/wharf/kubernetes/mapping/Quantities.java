package dev.wharf.kubernetes.mapping;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Kubernetes resource quantities in the units people read: "16 GiB", "3.8 CPUs", "110 pods". Pure. */
public final class Quantities {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final List<String> FIRST = List.of("cpu", "memory", "ephemeral-storage", "pods");

    private Quantities() {
    }

    /** Every resource of a capacity or allocatable map, the usual ones first, in human units. */
    public static Map<String, String> human(Map<String, Quantity> in) {
        Map<String, String> out = new LinkedHashMap<>();
        if (in == null) {
            return out;
        }
        for (String k : FIRST) {
            if (in.containsKey(k)) {
                out.put(k, human(k, in.get(k)));
            }
        }
        new TreeMap<>(in).forEach((k, v) -> out.putIfAbsent(k, human(k, v)));
        return out;
    }

    /** One quantity: bytes for memory and storage, cores for cpu, a plain number otherwise. */
    public static String human(String resource, Quantity q) {
        if (q == null) {
            return null;
        }
        BigDecimal v;
        try {
            v = Quantity.getAmountInBytes(q);
        } catch (RuntimeException e) {
            return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
        }
        if (resource.equals("cpu")) {
            String n = plain(v);
            return n + (n.equals("1") ? " CPU" : " CPUs");
        }
        if (resource.equals("memory") || resource.contains("storage") || resource.startsWith("hugepages-")) {
            return bytes(v);
        }
        return plain(v);
    }

    /** 16393220 Ki → "15.6 GiB"; 16 Gi → "16 GiB"; 0 → "0 B". */
    static String bytes(BigDecimal b) {
        int unit = 0;
        BigDecimal k = BigDecimal.valueOf(1024);
        while (unit < UNITS.length - 1 && b.compareTo(k) >= 0) {
            b = b.divide(k, 6, RoundingMode.HALF_UP);
            unit++;
        }
        BigDecimal shown = b.compareTo(BigDecimal.valueOf(100)) >= 0 ? b.setScale(0, RoundingMode.HALF_UP)
                : b.setScale(1, RoundingMode.HALF_UP);
        return plain(shown) + " " + UNITS[unit];
    }

    private static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() > 2) {
            s = s.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        }
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }
}
