package dev.wharf.lab;

import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The real servers behind the lab's port-forwards, on the loopback address: one TCP echo server
 * (what is sent comes back) and, per pod or VM, a small HTTP server whose page says which pod or VM
 * answered. Started when first needed; closed with the lab.
 */
final class LabTcpServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabTcpServers.class);

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "wharf-lab-tcp");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, HttpServer> pages = new ConcurrentHashMap<>();
    private ServerSocket echo; // guarded by this
    private volatile boolean closed;

    /** The echo server's port. */
    synchronized int echo() throws IOException {
        if (closed) {
            throw new IOException("the lab is closed");
        }
        if (echo == null) {
            ServerSocket s = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            echo = s;
            threads.execute(() -> acceptEcho(s));
        }
        return echo.getLocalPort();
    }

    private void acceptEcho(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                threads.execute(() -> echo(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Socket c) {
        try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            byte[] buf = new byte[16 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("lab echo connection ended: {}", e.toString());
        }
    }

    /**
     * The port of the HTTP server that speaks for {@code target} ("pod shop/storefront-x"); its page
     * names the target, the port forwarded to and the lab.
     */
    int page(String target, int port) throws IOException {
        if (closed) {
            throw new IOException("the lab is closed");
        }
        String key = target + ":" + port;
        HttpServer existing = pages.get(key);
        if (existing != null) {
            return existing.getAddress().getPort();
        }
        synchronized (this) {
            HttpServer again = pages.get(key);
            if (again != null) {
                return again.getAddress().getPort();
            }
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            byte[] body = html(target, port).getBytes(StandardCharsets.UTF_8);
            s.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.getResponseHeaders().set("X-Wharf-Lab-Target", target);
                    boolean head = "HEAD".equals(exchange.getRequestMethod());
                    exchange.sendResponseHeaders(200, head ? -1 : body.length);
                    if (!head) {
                        exchange.getResponseBody().write(body);
                    }
                }
            });
            s.setExecutor(threads);
            s.start();
            pages.put(key, s);
            return s.getAddress().getPort();
        }
    }

    static String html(String target, int port) {
        String t = target.replace("&", "&amp;").replace("<", "&lt;");
        return "<!doctype html>\n<html><head><title>" + t + "</title></head>\n<body>\n<h1>Hello from " + t + "</h1>\n"
                + "<p>Port " + port + ", forwarded by Wharf from the lab.</p>\n</body></html>\n";
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (echo != null) {
            try {
                echo.close();
            } catch (IOException e) {
                LOG.debug("closing the lab echo server", e);
            }
        }
        pages.values().forEach(s -> s.stop(0));
        pages.clear();
        threads.shutdownNow();
    }
}
