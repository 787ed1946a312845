package dev.wharf.inventory;

/** Receives the results of a {@link UsageSource}'s polls, on the source's thread. Do not block. */
@FunctionalInterface
public interface UsageListener {
    void onUsage(UsagePoll poll);
}
