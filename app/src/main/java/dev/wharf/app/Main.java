package dev.wharf.app;

import dev.wharf.app.cli.CheckedOutput;
import dev.wharf.app.cli.Cli;
import dev.wharf.app.cli.TerminalPrompt;
import dev.wharf.app.desktop.DesktopLauncher;
import dev.wharf.inventory.Inventory;
import dev.wharf.lab.Lab;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
        // libvirt's and the JDK's strings are UTF-8 whatever the locale (LANG=C must not make names "?")
        System.setProperty("jna.encoding", "UTF-8");
        CheckedOutput out = CheckedOutput.stdout();
        CheckedOutput err = CheckedOutput.stderr();
        System.setOut(out);
        System.setErr(err);
        int code = run(utf8Args(args), System.in, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The arguments as UTF-8, whatever the locale: under {@code LANG=C} the JVM decodes argv as
     * ASCII and a name like {@code café} arrives as {@code caf??}; on Linux the raw bytes are in
     * {@code /proc/self/cmdline} (its last {@code args.length} entries), read again as UTF-8.
     */
    static String[] utf8Args(String[] args) {
        if (Arrays.stream(args).noneMatch(a -> a.indexOf('\uFFFD') >= 0)) {
            return args;
        }
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<String> all = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    all.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (all.size() < args.length) {
                return args;
            }
            String[] out = all.subList(all.size() - args.length, all.size()).toArray(String[]::new);
            for (int i = 0; i < args.length; i++) { // the same arguments, only better decoded
                if (out[i].length() < args[i].length() / 4 || (args[i].indexOf('\uFFFD') < 0 && !out[i].equals(args[i]))) {
                    return args;
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return args;
        }
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
