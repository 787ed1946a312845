package dev.wharf.kubernetes.console;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A small HTTP/1.1 + websocket (RFC 6455) server for tests: the fabric8 mock server accepts only
 * {@code v1..v4.channel.k8s.io}, shows no ping frames and cannot drop a connection without a close
 * frame (the 1006 case), all of which the console tests need.
 */
final class TinyWebSocketServer implements AutoCloseable {

    record Request(String method, String path, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What to answer: a plain HTTP response, or an upgrade to a websocket with a subprotocol. */
    record Answer(int status, String body, String subprotocol) {
        static Answer http(int status, String body) {
            return new Answer(status, body, null);
        }

        static Answer upgrade(String subprotocol) {
            return new Answer(101, null, subprotocol);
        }
    }

    /** One frame the client sent: opcode (1 text, 2 binary, 8 close, 9 ping, 10 pong) and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** A websocket session with one client. */
    final class Session {
        final Request request;
        final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        private final Socket socket;
        private final OutputStream out;

        Session(Request request, Socket socket) throws IOException {
            this.request = request;
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        synchronized void sendBinary(byte[] data) throws IOException {
            writeFrame(2, data);
        }

        synchronized void sendClose(int code) throws IOException {
            writeFrame(8, new byte[] {(byte) (code >> 8), (byte) code});
        }

        /** Drops the TCP connection without a close frame: the client sees 1006. */
        void drop() throws IOException {
            socket.close();
        }

        /** The next frame that is not a pong, waiting up to 5 s. */
        Frame next() throws InterruptedException {
            return next(5000);
        }

        Frame next(long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            while (true) {
                Frame f = received.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (f == null || f.opcode != 10) {
                    return f;
                }
            }
        }

        private void writeFrame(int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(0x80 | opcode);
            if (payload.length < 126) {
                b.write(payload.length);
            } else if (payload.length < 65536) {
                b.write(126);
                b.write(payload.length >> 8);
                b.write(payload.length);
            } else {
                b.write(127);
                for (int i = 7; i >= 0; i--) {
                    b.write((int) ((long) payload.length >> (8 * i)));
                }
            }
            b.write(payload);
            out.write(b.toByteArray());
            out.flush();
        }

        private void readLoop(InputStream in) {
            DataInputStream d = new DataInputStream(in);
            try {
                while (true) {
                    awaitReadGate();
                    int b0 = d.readUnsignedByte();
                    int b1 = d.readUnsignedByte();
                    long len = b1 & 0x7f;
                    if (len == 126) {
                        len = d.readUnsignedShort();
                    } else if (len == 127) {
                        len = d.readLong();
                    }
                    byte[] mask = new byte[4];
                    if ((b1 & 0x80) != 0) {
                        d.readFully(mask);
                    }
                    byte[] payload = new byte[(int) len];
                    d.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                    int opcode = b0 & 0x0f;
                    received.add(new Frame(opcode, payload));
                    if (opcode == 9) {
                        synchronized (this) {
                            writeFrame(10, payload);
                        }
                    } else if (opcode == 8) {
                        synchronized (this) {
                            writeFrame(8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                        }
                        socket.close();
                        return;
                    }
                }
            } catch (IOException e) {
                // connection gone
            }
        }
    }

    private final ServerSocket server;
    private final Function<Request, Answer> answers;
    final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
    final CopyOnWriteArrayList<Request> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    /** While not counted down, sessions read nothing (the client's writes back up). */
    private volatile java.util.concurrent.CountDownLatch readGate = new java.util.concurrent.CountDownLatch(0);

    TinyWebSocketServer(Function<Request, Answer> answers) throws IOException {
        this.answers = answers;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "tiny-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops reading what clients send until {@link #resumeReading()}: their sends stay pending. */
    void pauseReading() {
        readGate = new java.util.concurrent.CountDownLatch(1);
    }

    void resumeReading() {
        readGate.countDown();
    }

    private void awaitReadGate() {
        try {
            readGate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    Session awaitSession() throws InterruptedException {
        Session s = sessions.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no websocket session within 10 s; requests: " + requests);
        }
        return s;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "tiny-ws-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                Request request = readRequest(in);
                if (request == null) {
                    socket.close();
                    return;
                }
                requests.add(request);
                Answer a = answers.apply(request);
                OutputStream out = socket.getOutputStream();
                if (a.status() == 101 && "websocket".equalsIgnoreCase(request.header("upgrade"))) {
                    String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                            (request.header("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                    .getBytes(StandardCharsets.US_ASCII)));
                    String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n"
                            + (a.subprotocol() == null ? "" : "Sec-WebSocket-Protocol: " + a.subprotocol() + "\r\n")
                            + "\r\n";
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Session session = new Session(request, socket);
                    sessions.add(session);
                    session.readLoop(in);
                    return;
                }
                byte[] body = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 " + a.status() + " X\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] parts = line.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        int contentLength = 0;
        for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
            int colon = h.indexOf(':');
            String k = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String v = h.substring(colon + 1).trim();
            headers.put(k, v);
            if (k.equals("content-length")) {
                contentLength = Integer.parseInt(v);
            }
        }
        in.readNBytes(contentLength);
        return new Request(parts[0], parts[1], headers);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
