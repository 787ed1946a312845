package dev.wharf.views.portforward;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * What the user asked for in the port-forward dialog.
 *
 * @param remote  the port in the pod or VM
 * @param local   the local port; 0 for a free one
 * @param address the address to listen on
 */
public record ForwardRequest(int remote, int local, String address) {
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * Reads the dialog's fields: a remote port ("8080" or a suggestion "8080 http · web"), a local
     * port (empty: a free one) and an address (empty: 127.0.0.1). Throws IllegalArgumentException
     * with a sentence saying what to type.
     */
    public static ForwardRequest parse(String remoteText, String localText, String addressText) {
        String r = remoteText == null ? "" : remoteText.strip();
        int end = 0;
        while (end < r.length() && Character.isDigit(r.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("Type the port in the pod or VM (1 to 65535), or pick a declared one.");
        }
        int remote = port(r.substring(0, end), "The remote port");
        String l = localText == null ? "" : localText.strip();
        int local = l.isEmpty() ? 0 : port(l, "The local port");
        String a = addressText == null || addressText.isBlank() ? LOOPBACK : addressText.strip();
        if (a.equalsIgnoreCase("localhost")) {
            a = LOOPBACK;
        }
        return new ForwardRequest(remote, local, a);
    }

    private static int port(String s, String what) {
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number from 1 to 65535 (empty local port: any free one).");
        }
        if (n < 1 || n > 65535) {
            throw new IllegalArgumentException(what + " must be from 1 to 65535, not " + n + ".");
        }
        return n;
    }

    /** Whether {@code port} can be bound on the loopback address now (never call it on the FX thread). */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
