package dev.wharf.views.actions;

/** Tells the user how something ended: an in-window toast in the app, a list in tests. */
@FunctionalInterface
public interface Notifier {
    enum Level { INFO, SUCCESS, ERROR }

    void notify(Level level, String title, String message);
}
