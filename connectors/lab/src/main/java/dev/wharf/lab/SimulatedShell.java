package dev.wharf.lab;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny command interpreter behind the lab's simulated consoles (a VM's serial login, a pod's
 * exec shell): enough for a user to see that they reached the right machine. Output uses
 * CR LF, as a terminal on a serial line or a pod TTY receives it.
 */
final class SimulatedShell {

    /** What the shell says about the machine it runs on. */
    record Host(String hostname, String kernelRelease, String kernelVersion, String osPretty, Instant bootedAt,
                List<String> files) {
    }

    /** One command's outcome; {@code exit} when the command ends the session. */
    record Result(String output, int exitCode, boolean exit) {
    }

    private static final String HELP = String.join("\r\n",
            "Commands of this simulated shell:",
            "  uname [-a|-r|-n|-s|-m]  hostname  whoami  id  pwd  date  uptime",
            "  echo TEXT  ls [DIR]  cat FILE  env  ps  clear  help  exit") + "\r\n";

    private final Host host;
    private final String user;

    SimulatedShell(Host host, String user) {
        this.host = host;
        this.user = user;
    }

    Host host() {
        return host;
    }

    String user() {
        return user;
    }

    /**
     * Runs a command line: commands separated by {@code ;} run one after the other, as a shell
     * does ({@code a; b}); {@code a && b} runs {@code b} only when {@code a} succeeded. Outputs
     * are joined; the exit code is the last command's.
     */
    Result run(String line, Instant now) {
        StringBuilder out = new StringBuilder();
        Result last = ok("");
        String op = ";";
        for (String[] part : sequence(line)) {
            if (!"&&".equals(op) || last.exitCode() == 0) {
                last = runOne(part[0], now);
                out.append(last.output());
                if (last.exit()) {
                    return new Result(out.toString(), last.exitCode(), true);
                }
            }
            op = part[1];
        }
        return new Result(out.toString(), last.exitCode(), false);
    }

    /** Splits a line at {@code ;} and {@code &&} outside quotes: each command with the operator after it. */
    static List<String[]> sequence(String line) {
        List<String[]> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                cur.append(c);
            } else if (c == ';') {
                out.add(new String[] {cur.toString(), ";"});
                cur.setLength(0);
            } else if (c == '&' && i + 1 < line.length() && line.charAt(i + 1) == '&') {
                out.add(new String[] {cur.toString(), "&&"});
                cur.setLength(0);
                i++;
            } else {
                cur.append(c);
            }
        }
        out.add(new String[] {cur.toString(), ";"});
        return out;
    }

    private Result runOne(String line, Instant now) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return ok("");
        }
        List<String> args = split(trimmed);
        String cmd = args.get(0);
        List<String> rest = args.subList(1, args.size());
        switch (cmd) {
            case "help":
                return ok(HELP);
            case "exit":
            case "logout":
                return new Result("", 0, true);
            case "uname":
                return ok(uname(rest) + "\r\n");
            case "hostname":
                return ok(host.hostname() + "\r\n");
            case "whoami":
                return ok(user + "\r\n");
            case "id":
                return ok("root".equals(user) ? "uid=0(root) gid=0(root) groups=0(root)\r\n"
                        : "uid=1000(" + user + ") gid=1000(" + user + ") groups=1000(" + user + ")\r\n");
            case "pwd":
                return ok(("root".equals(user) ? "/root" : "/home/" + user) + "\r\n");
            case "date":
                return ok(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.ROOT)
                        .format(now.atZone(ZoneOffset.UTC)) + "\r\n");
            case "uptime":
                return ok(uptime(now) + "\r\n");
            case "echo":
                return ok(String.join(" ", rest) + "\r\n");
            case "ls":
                return ls(rest);
            case "cat":
                return cat(rest);
            case "env":
                return ok("HOME=" + ("root".equals(user) ? "/root" : "/home/" + user) + "\r\nHOSTNAME=" + host.hostname()
                        + "\r\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\r\nTERM=xterm\r\n");
            case "ps":
                return ok("PID   USER     TIME  COMMAND\r\n    1 root      0:00 /sbin/init\r\n   42 " + user
                        + "      0:00 -sh\r\n   57 " + user + "      0:00 ps\r\n");
            case "clear":
                return ok("\u001b[H\u001b[2J");
            case "true":
                return ok("");
            case "false":
                return new Result("", 1, false);
            default:
                return new Result("-sh: " + cmd + ": not found\r\n", 127, false);
        }
    }

    private static Result ok(String out) {
        return new Result(out, 0, false);
    }

    private String uname(List<String> flags) {
        String f = flags.isEmpty() ? "-s" : flags.get(0);
        switch (f) {
            case "-a":
                return "Linux " + host.hostname() + " " + host.kernelRelease() + " " + host.kernelVersion()
                        + " x86_64 GNU/Linux";
            case "-r":
                return host.kernelRelease();
            case "-n":
                return host.hostname();
            case "-m":
                return "x86_64";
            default:
                return "Linux";
        }
    }

    private String uptime(Instant now) {
        Duration up = Duration.between(host.bootedAt(), now);
        if (up.isNegative()) {
            up = Duration.ZERO;
        }
        long days = up.toDays();
        long hours = up.toHoursPart();
        long minutes = up.toMinutesPart();
        String clock = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).format(now.atZone(ZoneOffset.UTC));
        String span = (days > 0 ? days + " day" + (days == 1 ? "" : "s") + ", " : "")
                + String.format(Locale.ROOT, "%2d:%02d", hours, minutes);
        return " " + clock + " up " + span + ",  1 user,  load average: 0.08, 0.03, 0.01";
    }

    private Result ls(List<String> args) {
        String dir = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse(".");
        Map<String, String> tree = Map.of(
                "/", "bin  boot  dev  etc  home  lib  proc  root  run  sbin  sys  tmp  usr  var",
                "/etc", "hostname  hosts  os-release  passwd  resolv.conf",
                "/tmp", "");
        String listing;
        if (dir.equals(".") || dir.equals("~") || dir.equals("/root") || dir.equals("/home/" + user)) {
            listing = String.join("  ", host.files());
        } else {
            listing = tree.get(dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir);
            if (listing == null) {
                return new Result("ls: " + dir + ": No such file or directory\r\n", 1, false);
            }
        }
        return ok(listing.isEmpty() ? "" : listing + "\r\n");
    }

    private Result cat(List<String> args) {
        if (args.isEmpty()) {
            return ok("");
        }
        String f = args.get(0);
        switch (f) {
            case "/etc/hostname":
                return ok(host.hostname() + "\r\n");
            case "/etc/os-release":
                return ok("PRETTY_NAME=\"" + host.osPretty() + "\"\r\n");
            default:
                return new Result("cat: can't open '" + f + "': No such file or directory\r\n", 1, false);
        }
    }

    /** Splits on blanks, honouring single and double quotes. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0 || any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0 || any) {
            out.add(cur.toString());
        }
        return out;
    }
}
