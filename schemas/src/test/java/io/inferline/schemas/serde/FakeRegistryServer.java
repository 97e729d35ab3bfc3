package io.inferline.schemas.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Confluent-API registry on loopback (JDK {@code HttpServer}, port 0) under a path prefix,
 * as Apicurio serves it: register, look up, fetch by id, latest. It records every request and can be
 * scripted to answer the next requests with a given status and body.
 */
final class FakeRegistryServer implements AutoCloseable {

    static final String PREFIX = "/apis/ccompat/v7";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");

    /** A request as the registry saw it; {@code path} is raw (still percent-encoded) and without the prefix. */
    record Request(String method, String path, String contentType, String accept, String authorization, String body) {
        String line() {
            return method + " " + path;
        }
    }

    private record Scripted(int status, String contentType, String body) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<Integer, String> textsById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private final HttpServer server;
    private volatile String contentType = "application/json";   // as Apicurio answers

    FakeRegistryServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PREFIX, this::answer);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
    }

    /** Answer with this content type from now on (Confluent's is {@code application/vnd.schemaregistry.v1+json}). */
    void answerWithContentType(String contentType) {
        this.contentType = contentType;
    }

    /** The next {@code count} requests get {@code status} and a Confluent error body with {@code errorCode}. */
    synchronized void failNext(int count, int status, int errorCode) {
        for (int i = 0; i < count; i++) {
            script.add(new Scripted(status, contentType,
                    "{\"error_code\":" + errorCode + ",\"message\":\"scripted failure " + status + "\"}"));
        }
    }

    /** The next request gets exactly this answer. */
    synchronized void answerNext(int status, String contentType, String body) {
        script.add(new Scripted(status, contentType, body));
    }

    List<String> requestLines() {
        return requests.stream().map(Request::line).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), path,
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Accept"),
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        Scripted scripted;
        synchronized (this) {
            scripted = script.poll();
        }
        if (scripted != null) {
            send(exchange, scripted.status(), scripted.contentType(), scripted.body());
            return;
        }
        Scripted reply = route(exchange.getRequestMethod(), path, body);
        send(exchange, reply.status(), contentType, reply.body());
    }

    private synchronized Scripted route(String method, String path, String body) throws IOException {
        Matcher m;
        if (method.equals("POST") && (m = REGISTER.matcher(path)).matches()) {
            String text = JSON.readTree(body).get("schema").asText();
            int id = idsByText.computeIfAbsent(text, t -> {
                int next = idsByText.size() + 1;
                textsById.put(next, t);
                return next;
            });
            List<Integer> versions = versionsBySubject.computeIfAbsent(subject(m), s -> new ArrayList<>());
            if (!versions.contains(id)) {
                versions.add(id);
            }
            return ok(JSON.createObjectNode().put("id", id));
        }
        if (method.equals("GET") && (m = LATEST.matcher(path)).matches()) {
            List<Integer> versions = versionsBySubject.get(subject(m));
            if (versions == null) {
                return notFound(40401, "Subject '" + subject(m) + "' not found.");
            }
            return ok(version(subject(m), versions.size(), versions.get(versions.size() - 1)));
        }
        if (method.equals("POST") && (m = LOOKUP.matcher(path)).matches()) {
            List<Integer> versions = versionsBySubject.get(subject(m));
            Integer id = idsByText.get(JSON.readTree(body).get("schema").asText());
            if (versions == null) {
                return notFound(40401, "Subject '" + subject(m) + "' not found.");
            }
            if (id == null || !versions.contains(id)) {
                return notFound(40403, "Schema not found");
            }
            return ok(version(subject(m), versions.indexOf(id) + 1, id));
        }
        if (method.equals("GET") && (m = BY_ID.matcher(path)).matches()) {
            String text = textsById.get(Integer.parseInt(m.group(1)));
            if (text == null) {
                return notFound(40403, "Schema " + m.group(1) + " not found");
            }
            return ok(JSON.createObjectNode().put("schema", text).set("references", JSON.createArrayNode()));
        }
        return notFound(404, "HTTP 404 Not Found");
    }

    private ObjectNode version(String subject, int version, int id) {
        return JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id)
                .put("schema", textsById.get(id));
    }

    private static String subject(Matcher m) {
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    private static Scripted ok(ObjectNode body) {
        return new Scripted(200, null, body.toString());
    }

    private static Scripted notFound(int errorCode, String message) {
        return new Scripted(404, null, JSON.createObjectNode().put("error_code", errorCode).put("message", message).toString());
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
