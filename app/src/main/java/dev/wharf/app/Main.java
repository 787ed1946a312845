package dev.wharf.app;

/** Entry point of the launcher: the command line, which opens the desktop when given no command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
