package io.reenact.egress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The viewer over the JDK's own HTTP server, for the single-process demo (the Quarkus egress
 * service serves the same page and streams through its REST endpoints).
 *
 * <pre>
 *   /                               the viewer page
 *   /stats                          every stream's frames/s and latency (JSON)
 *   /streams/{id}/mjpeg?panel=P     MJPEG of one panel: reenacted (default), driver, mask
 * </pre>
 */
public final class ViewerServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final LiveViews views;

    private ViewerServer(HttpServer server, ExecutorService executor, LiveViews views) {
        this.server = server;
        this.executor = executor;
        this.views = views;
    }

    /**
     * Binds {@code port} on the loopback interface only (0 = any free port) and starts serving: it
     * asks no token, so it must not be reachable from other machines ({@code reenact up} is).
     */
    public static ViewerServer start(int port, LiveViews views) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 16);
        // one thread per MJPEG client: each response stays open for the whole stream
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "viewer-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ViewerServer viewer = new ViewerServer(server, executor, views);
        server.createContext("/", viewer::handle);
        server.start();
        return viewer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "GET only".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/") || path.equals("/index.html")) {
                send(exchange, 200, "text/html; charset=utf-8", ViewerPage.html());
            } else if (path.equals("/stats")) {
                send(exchange, 200, "application/json", views.statsJson(streamId -> true).getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/streams/") && path.endsWith("/mjpeg")) {
                String id = path.substring("/streams/".length(), path.length() - "/mjpeg".length());
                mjpeg(exchange, id, panel(exchange.getRequestURI().getRawQuery()));
            } else {
                send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void mjpeg(HttpExchange exchange, String streamId, String panel) throws IOException {
        MjpegStream stream;
        try {
            stream = views.view(streamId).panel(panel);
        } catch (IllegalArgumentException e) {
            send(exchange, 400, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", MjpegStream.CONTENT_TYPE);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache, no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            stream.serve(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the viewer closed the tab: nothing to report
        }
    }

    static String panel(String query) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("panel=")) {
                    return pair.substring("panel=".length());
                }
            }
        }
        return "reenacted";
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        views.close(); // ends the open MJPEG responses so stop() need not wait for them
        server.stop(0);
        executor.shutdownNow();
    }
}
