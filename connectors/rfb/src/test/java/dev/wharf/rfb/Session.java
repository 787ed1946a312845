package dev.wharf.rfb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the client against a fake server's bytes and records what the listener heard. */
final class Session implements RfbListener {

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch ended = new CountDownLatch(1);
    volatile String endReason;
    volatile RfbException endError;
    volatile Cursor cursor;
    RfbClient client;
    RfbException handshakeError;
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    /** The script pushed as two chunks split at {@code split} (websocket messages, say). */
    static Session split(byte[] script, int split, RfbOptions options) {
        PushInputStream in = new PushInputStream();
        in.push(java.util.Arrays.copyOfRange(script, 0, split));
        in.push(java.util.Arrays.copyOfRange(script, split, script.length));
        in.end(null);
        return run(in, options);
    }

    /** The script read one byte per read() call. */
    static Session bytewise(byte[] script, RfbOptions options) {
        ByteArrayInputStream data = new ByteArrayInputStream(script);
        InputStream in = new InputStream() {
            @Override
            public int read() {
                return data.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len == 0 ? 0 : data.read(b, off, 1);
            }
        };
        return run(in, options);
    }

    static Session run(InputStream in, RfbOptions options) {
        Session s = new Session();
        try {
            s.client = RfbClient.connect(in, s.sent, options, s);
        } catch (RfbException e) {
            s.handshakeError = e;
            s.ended.countDown();
            return s;
        }
        try {
            if (!s.ended.await(10, TimeUnit.SECONDS)) {
                s.client.close();
                throw new AssertionError("the session did not end within 10 s (hung)");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return s;
    }

    Framebuffer.Frame frame() {
        return client.framebuffer().snapshot();
    }

    @Override
    public void onInit(int width, int height, String name) {
        events.add("init " + width + "x" + height + " " + name);
    }

    @Override
    public void onResize(int width, int height) {
        events.add("resize " + width + "x" + height);
    }

    @Override
    public void onCursor(Cursor c) {
        cursor = c;
        events.add("cursor " + c.width() + "x" + c.height() + " hot " + c.hotX() + "," + c.hotY());
    }

    @Override
    public void onPointerType(boolean absolute) {
        events.add("pointer " + (absolute ? "absolute" : "relative"));
    }

    @Override
    public void onLeds(boolean scrollLock, boolean numLock, boolean capsLock) {
        events.add("leds scroll=" + scrollLock + " num=" + numLock + " caps=" + capsLock);
    }

    @Override
    public void onBell() {
        events.add("bell");
    }

    @Override
    public void onClipboard(String text) {
        events.add("clipboard " + text);
    }

    @Override
    public void onUpdateEnd() {
        events.add("update end");
    }

    @Override
    public void onEnd(String reason, RfbException error) {
        endReason = reason;
        endError = error;
        ended.countDown();
    }
}
