package dev.wharf.lab;

import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic VNC display of one lab VMI that has no QEMU behind it: a 720×400 text screen (the
 * size of QEMU's VGA text mode) saying which VM it is, with a login prompt that echoes what is
 * typed (so a viewer's keys visibly arrive). Served as RFB over the {@code vnc} subresource's
 * websocket ({@code plain.kubevirt.io}, binary messages of at most 10 KiB). One viewer at a time,
 * as with virt-handler: with {@code preserveSession=true} a second one is refused ("Active VNC
 * connection"), without it the new viewer takes over and the old one is closed.
 */
final class LabVncDisplay {
    static final int WIDTH = 720;
    static final int HEIGHT = 400;
    private static final int MAX_TYPED = 60;

    private final String title;
    private final List<String> lines;
    private final StringBuilder typed = new StringBuilder();
    private final List<String> history = new ArrayList<>();
    private int[] pixels;
    private WebSocket viewer;
    private RfbServerSession session;

    /**
     * @param namespace the VM's namespace
     * @param name      the VM's name
     * @param facts     lines under the title (guest OS, node)
     */
    LabVncDisplay(String namespace, String name, List<String> facts) {
        this.title = "Wharf lab: VM " + namespace + "/" + name;
        List<String> l = new ArrayList<>();
        l.add(title);
        l.add("");
        l.add("This is the lab's synthetic display: no QEMU runs behind this VM,");
        l.add("so the lab draws this screen and serves it over the VMI's vnc subresource.");
        l.add("");
        l.addAll(facts);
        this.lines = List.copyOf(l);
        this.pixels = render();
    }

    /** Whether a viewer is connected now. */
    synchronized boolean active() {
        return viewer != null;
    }

    /** A websocket listener attaching a new viewer (the caller decided it may connect). */
    WebSocketListener listener() {
        return new ByteSocketListener(this::attach, this::input, this::detach);
    }

    private synchronized void attach(WebSocket ws) {
        WebSocket old = viewer;
        viewer = ws;
        if (old != null) {
            old.close(1000, "another VNC connection took over");
        }
        session = new RfbServerSession(screen(), ws::send);
    }

    private synchronized void detach(WebSocket ws) {
        if (viewer == ws) {
            viewer = null;
            session = null;
        }
    }

    private synchronized void input(WebSocket from, byte[] bytes) {
        if (from != viewer || session == null || bytes.length == 0) {
            return;
        }
        try {
            session.receive(bytes);
        } catch (RuntimeException e) {
            session.close();
            session = null;
            viewer = null;
            from.close(1002, "bad RFB: " + e.getMessage());
        }
    }

    /** Ends the display (the VMI stopped): closes the viewer. */
    synchronized void hangUp() {
        if (viewer != null) {
            viewer.close(1000, "the VMI stopped");
            viewer = null;
            session = null;
        }
    }

    private RfbServerSession.Screen screen() {
        return new RfbServerSession.Screen() {
            @Override
            public int width() {
                return WIDTH;
            }

            @Override
            public int height() {
                return HEIGHT;
            }

            @Override
            public int[] pixels() {
                return pixels;
            }

            @Override
            public String name() {
                return title;
            }

            @Override
            public void key(int keysym, int scancode) {
                typedKey(keysym);
            }
        };
    }

    /** Called under this object's monitor (from {@link #input}). */
    private void typedKey(int keysym) {
        if (keysym == 0xFF0D) { // Return
            history.add("login: " + typed);
            if (history.size() > 4) {
                history.remove(0);
            }
            typed.setLength(0);
        } else if (keysym == 0xFF08) { // BackSpace
            if (typed.length() > 0) {
                typed.setLength(typed.length() - 1);
            }
        } else if (keysym >= 0x20 && keysym < 0x7f && typed.length() < MAX_TYPED) {
            typed.append((char) keysym);
        } else {
            return;
        }
        pixels = render();
        if (session != null) {
            session.screenChanged();
        }
    }

    /** The screen's text (for tests). */
    synchronized List<String> text() {
        List<String> all = new ArrayList<>(lines);
        all.add("");
        all.addAll(history);
        all.add("login: " + typed + "_");
        return all;
    }

    private int[] render() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 14));
            int y = 20;
            List<String> all = new ArrayList<>(lines);
            all.add("");
            all.addAll(history);
            all.add("login: " + typed + "_");
            for (int i = 0; i < all.size(); i++) {
                g.setColor(i == 0 ? new Color(0x55, 0xFF, 0xFF) : new Color(0xAA, 0xAA, 0xAA));
                g.drawString(all.get(i), 9, y);
                y += 16;
            }
        } finally {
            g.dispose();
        }
        return img.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
    }
}
