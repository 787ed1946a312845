package dev.wharf.libvirt;

import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.SourceInfo;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polls a condition a user would notice, failing with what was seen last. */
final class Await {
    private Await() {
    }

    static <T> T until(Supplier<T> probe, Predicate<T> ok, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!ok.test(last)) {
            if (System.nanoTime() > deadline) {
                fail("after " + timeout.toSeconds() + " s still not " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
            last = probe.get();
        }
        return last;
    }

    static Item item(Inventory inv, String id, Predicate<Item> ok, Duration timeout, String what) {
        return until(() -> inv.get(id), o -> o.isPresent() && ok.test(o.get()), timeout, what).orElseThrow();
    }

    static void gone(Inventory inv, String id, Duration timeout) {
        until(() -> inv.get(id), Optional::isEmpty, timeout, id + " removed");
    }

    static SourceInfo source(Inventory inv, String id, Predicate<SourceInfo> ok, Duration timeout, String what) {
        return until(() -> inv.source(id), o -> o.isPresent() && ok.test(o.get()), timeout, what).orElseThrow();
    }
}
