package dev.wharf.views.logs;

/** For the benchmark: run something on a view's worker after what was asked of it before. */
public final class LogViewModelAccess {
    private LogViewModelAccess() {
    }

    public static void after(LogView view, Runnable task) {
        view.model().afterPending(task);
    }
}
