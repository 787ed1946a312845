package dev.wharf.kubernetes;

import java.time.Duration;

/** Retries an assertion until it holds: informers deliver asynchronously. */
final class Eventually {
    private Eventually() {
    }

    static void eventually(Runnable assertion) {
        eventually(Duration.ofSeconds(10), assertion);
    }

    static void eventually(Duration timeout, Runnable assertion) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
