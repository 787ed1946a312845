package dev.wharf.app;

import dev.wharf.app.cli.Cli;
import dev.wharf.app.cli.TerminalPrompt;
import dev.wharf.app.desktop.DesktopLauncher;
import dev.wharf.inventory.Inventory;
import dev.wharf.lab.Lab;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point of the launcher: the command line ({@code wharf ls}, {@code act}, {@code console},
 * {@code lab}), which opens the desktop window when given no command. Exit codes: 0 done,
 * 1 an operation failed, 2 a usage error (see {@link Cli}).
 */
public final class Main {
    /** How long one-shot commands wait for each source's first listing. */
    public static final Duration SYNC_TIMEOUT = Duration.ofSeconds(20);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line on the real sources with the process's stdin; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** As {@link #run(String[], PrintStream, PrintStream)} with {@code in} as the terminal's input (not a tty). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        boolean tty = in == System.in && System.console() != null;
        Cli cli = Cli.builder()
                .sessions((options, prompt) -> Sessions.open(options, new Inventory(), prompt))
                .desktop(DesktopLauncher::launch)
                .lab(Main::startLab)
                .in(in, tty).out(out).err(err)
                .clock(Clock.systemUTC())
                .prompt(TerminalPrompt.forConsole(System.console()))
                .syncTimeout(SYNC_TIMEOUT)
                .build();
        return cli.run(args);
    }

    /** The lab for {@code wharf lab}; closing it twice is harmless (Ctrl+C and the command both close it). */
    private static Cli.LabHandle startLab() {
        Lab lab = Lab.start();
        AtomicBoolean closed = new AtomicBoolean();
        return new Cli.LabHandle() {
            @Override
            public String kubeconfig() {
                return lab.kubeconfig().toString();
            }

            @Override
            public List<String> libvirtUris() {
                return lab.libvirtUris();
            }

            @Override
            public String notice() {
                return lab.notice();
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    lab.close();
                }
            }
        };
    }
}
