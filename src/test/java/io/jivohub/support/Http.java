package io.jivohub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A real HTTP client for tests. Thread-safe. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static Response post(String url, byte[] body, String... headers) {
        return send(url, "POST", BodyPublishers.ofByteArray(body), headers);
    }

    public static Response post(String url, String body, String... headers) {
        return post(url, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public static Response get(String url, String... headers) {
        return send(url, "GET", BodyPublishers.noBody(), headers);
    }

    /**
     * The value of the line of {@code metricsUrl} (a {@code /metrics} page) that starts with {@code line} (name,
     * labels, space); -1 when there is none.
     */
    public static double metric(String metricsUrl, String line) {
        return get(metricsUrl).text().lines().filter(l -> l.startsWith(line)).findFirst()
                .map(l -> Double.parseDouble(l.substring(line.length()))).orElse(-1.0);
    }

    /** Sends any request; {@code headers} are name, value pairs. */
    public static Response send(String url, String method, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            var response = CLIENT.send(request.build(), BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
