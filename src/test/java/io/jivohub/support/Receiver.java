package io.jivohub.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on a port of this machine, for forwarding to reach: it records every request and answers
 * each with the next of the answers it was told to give (then with its default), as a CRM, Make or n8n would, or as
 * one that is down, slow or broken would.
 */
public final class Receiver implements AutoCloseable {
    /** One request as it arrived. */
    public record Request(Map<String, List<String>> headers, byte[] body, long receivedAtNanos) {
        /** The first value of header {@code name}, any case. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.getFirst();
        }
    }

    /**
     * One answer: a status with its headers and body, given after {@code delay}.
     *
     * @param hangUp close the connection instead of answering, after the delay
     * @param body   the answer's body; empty for none
     */
    public record Answer(int status, Map<String, String> headers, Duration delay, boolean hangUp, byte[] body) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), Duration.ZERO, false, new byte[0]);
        }

        public static Answer status(int status, String header, String value) {
            return new Answer(status, Map.of(header, value), Duration.ZERO, false, new byte[0]);
        }

        public static Answer slow(Duration delay) {
            return new Answer(200, Map.of(), delay, false, new byte[0]);
        }

        /** 200 with {@code body}, as JSON, after {@code delay}. */
        public static Answer json(String body, Duration delay) {
            return new Answer(200, Map.of("Content-Type", "application/json"), delay, false,
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> next = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Answer otherwise = Answer.status(200);

    private Receiver(HttpServer server) {
        this.server = server;
    }

    /** A receiver that answers 200 to everything until told otherwise. */
    public static Receiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        Receiver receiver = new Receiver(server);
        server.createContext("/", receiver::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return receiver;
    }

    /** Its URL with {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests get these answers, in order; then the default. */
    public Receiver thenAnswer(Answer... answers) {
        next.addAll(List.of(answers));
        return this;
    }

    /** Every request not told otherwise gets {@code answer}. */
    public Receiver byDefault(Answer answer) {
        otherwise = answer;
        return this;
    }

    /** The requests so far, in the order they arrived. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The bodies of the requests so far, as text. */
    public List<String> bodies() {
        return requests.stream().map(request -> new String(request.body(), StandardCharsets.UTF_8))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        requests.add(new Request(headers, body, System.nanoTime()));
        Answer answer = next.poll();
        if (answer == null) {
            answer = otherwise;
        }
        try {
            if (closing.await(answer.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                exchange.close();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (answer.hangUp()) {
            exchange.close();
            return;
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
        exchange.close();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
