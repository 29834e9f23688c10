package org.icsmap.aws.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Athena's JSON 1.1 protocol on a loopback port, so the real SDK client serialises real requests:
 * {@code POST /} with {@code X-Amz-Target: AmazonAthena.<Operation>}. Each operation answers from a
 * script of responses queued by the test (the last one repeats), and every request is recorded.
 */
final class FakeAthena implements AutoCloseable {

    record Request(String operation, JsonNode body) {
    }

    private record Response(int status, String json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Deque<Response>> scripts = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    FakeAthena() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** Queues a 200 response for an operation, e.g. {@code respond("GetQueryExecution", "{…}")}. */
    synchronized FakeAthena respond(String operation, String json) {
        scripts.computeIfAbsent(operation, o -> new ArrayDeque<>()).add(new Response(200, json));
        return this;
    }

    /** Queues an Athena error (HTTP 400 with {@code __type}) for an operation. */
    synchronized FakeAthena fail(String operation, String errorType, String message) {
        String json = "{\"__type\":\"" + errorType + "\",\"Message\":\"" + message + "\"}";
        scripts.computeIfAbsent(operation, o -> new ArrayDeque<>()).add(new Response(400, json));
        return this;
    }

    synchronized List<Request> requests(String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "?" : target.substring(target.indexOf('.') + 1);
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            Response response;
            synchronized (this) {
                requests.add(new Request(operation, body));
                Deque<Response> script = scripts.get(operation);
                if (script == null || script.isEmpty()) {
                    response = new Response(400, "{\"__type\":\"InvalidRequestException\",\"Message\":\"fake has no response for " + operation + "\"}");
                } else {
                    response = script.size() > 1 ? script.poll() : script.peek();
                }
            }
            byte[] bytes = response.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-" + requests.size());
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
