package dev.wharf.lab;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * The websocket side of a lab console that carries bytes (a serial console, a VNC display): a socket
 * attaches when it opens, every message's bytes (binary or text) go in, and any end (closing, closed,
 * failed) detaches it; a closing peer is answered with a normal close.
 */
final class ByteSocketListener extends WebSocketListener {
    private final Consumer<WebSocket> attach;
    private final BiConsumer<WebSocket, byte[]> input;
    private final Consumer<WebSocket> detach;

    ByteSocketListener(Consumer<WebSocket> attach, BiConsumer<WebSocket, byte[]> input, Consumer<WebSocket> detach) {
        this.attach = attach;
        this.input = input;
        this.detach = detach;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        attach.accept(webSocket);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        input.accept(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        input.accept(webSocket, bytes.toByteArray());
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        input.accept(webSocket, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        detach.accept(webSocket);
        webSocket.close(1000, "");
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        detach.accept(webSocket);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        detach.accept(webSocket);
    }
}
