package dev.wharf.kubernetes.console;

import java.time.Duration;

/**
 * Timings of Kubernetes consoles; tests shorten them.
 *
 * @param pingInterval       how often we ping the API server on an open console, so that idle
 *                           sessions survive proxies that drop quiet connections (~20 s)
 * @param startRetryInterval how long to wait before asking again while a VMI is still starting
 *                           (the console answers 400 until it runs; virtctl waits 1 s)
 * @param startRetryLimit    how many times to ask again before giving up
 * @param probeTimeout       how long to wait for the VMI when finding out why a console closed
 */
public record ConsoleSettings(Duration pingInterval, Duration startRetryInterval, int startRetryLimit,
                              Duration probeTimeout) {

    public ConsoleSettings {
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval must be positive");
        }
    }

    /** Pings every 12 s; retries a starting VMI every second for up to 90 s. */
    public static ConsoleSettings defaults() {
        return new ConsoleSettings(Duration.ofSeconds(12), Duration.ofSeconds(1), 90, Duration.ofSeconds(5));
    }
}
