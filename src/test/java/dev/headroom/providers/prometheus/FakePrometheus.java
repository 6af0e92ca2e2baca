package dev.headroom.providers.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A tiny HTTP server on a loopback port standing in for Prometheus in unit tests: each request is
 * recorded (path, headers, form) and answered by the test's handler.
 */
final class FakePrometheus implements AutoCloseable {
    record Request(String method, String path, Map<String, String> headers, Map<String, String> form) {
    }

    record Reply(int status, String contentType, String body) {
        static Reply json(int status, String body) {
            return new Reply(status, "application/json", body);
        }

        static Reply success(String data) {
            return json(200, "{\"status\":\"success\",\"data\":" + data + "}");
        }

        static Reply error(int status, String type, String error) {
            return json(status, "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + error + "\"}");
        }

        static Reply vector(String results) {
            return success("{\"resultType\":\"vector\",\"result\":[" + results + "]}");
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile Function<Request, Reply> handler = r -> Reply.vector("");

    FakePrometheus() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        // A slow answer (the timeout tests) must not hold up the next request.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-prometheus");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    void answer(Function<Request, Reply> h) {
        this.handler = h;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        parse(ex.getRequestURI().getRawQuery(), form);
        parse(body, form);
        Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, form);
        synchronized (this) {
            requests.add(r);
        }
        Reply reply;
        try {
            reply = handler.apply(r);
        } catch (RuntimeException e) {
            reply = Reply.json(500, "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"test handler: " + e + "\"}");
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void parse(String text, Map<String, String> into) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String p : text.split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                into.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
