package dev.wharf.lab;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A terminal line discipline in cooked mode with echo, as a serial getty or a pod TTY has it:
 * echoes what is typed, ends a line on CR or LF (CR LF counts once), erases on backspace or
 * DEL, answers ^C and ^D, and drops ANSI escape sequences (arrow keys, cursor reports).
 */
final class LineDiscipline {

    /** What the discipline hands on. */
    interface Sink {
        void echo(byte[] bytes);

        void line(String line);

        void interrupt();

        void endOfFile();
    }

    private final Sink sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean echo = true;
    private boolean lastWasCr;
    private int escape; // 0 none, 1 after ESC, 2 inside CSI

    LineDiscipline(Sink sink) {
        this.sink = sink;
    }

    /** Turns echo off (a password prompt) or on. */
    void echo(boolean on) {
        this.echo = on;
    }

    void input(byte[] data) {
        for (byte b : data) {
            int c = b & 0xff;
            if (escape == 1) {
                escape = c == '[' || c == 'O' ? 2 : 0;
                continue;
            }
            if (escape == 2) {
                if (c >= 0x40 && c <= 0x7e) {
                    escape = 0;
                }
                continue;
            }
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = c == '\r';
            switch (c) {
                case '\r':
                case '\n':
                    out("\r\n");
                    String l = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    sink.line(l);
                    break;
                case 0x7f:
                case 0x08:
                    byte[] bytes = line.toByteArray();
                    if (bytes.length > 0) {
                        int cut = bytes.length - 1;
                        while (cut > 0 && (bytes[cut] & 0xc0) == 0x80) {
                            cut--; // a whole UTF-8 character
                        }
                        line.reset();
                        line.write(bytes, 0, cut);
                        out("\b \b");
                    }
                    break;
                case 0x03:
                    line.reset();
                    out("^C\r\n");
                    sink.interrupt();
                    break;
                case 0x04:
                    if (line.size() == 0) {
                        sink.endOfFile();
                    }
                    break;
                case 0x1b:
                    escape = 1;
                    break;
                default:
                    if (c >= 0x20 || c == '\t') {
                        line.write(c);
                        if (echo) {
                            sink.echo(new byte[] {b});
                        }
                    }
            }
        }
    }

    private void out(String s) {
        sink.echo(s.getBytes(StandardCharsets.UTF_8));
    }
}
