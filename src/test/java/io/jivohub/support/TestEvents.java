package io.jivohub.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Small helpers the integration tests share. */
public final class TestEvents {
    private TestEvents() {
    }

    /** A chat_finished event body numbered {@code n}: different numbers, different bodies. */
    public static byte[] chatFinished(int n) {
        return ("{\"event_name\": \"chat_finished\", \"chat_id\": " + n
                + ", \"visitor\": {\"name\": \"Посетитель " + n + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** A chat_accepted event body numbered {@code n}, whose visitor's email is {@code visitor<n>@example.com}. */
    public static byte[] chatAccepted(int n) {
        return ("{\"event_name\": \"chat_accepted\", \"chat_id\": " + n
                + ", \"visitor\": {\"name\": \"Посетитель " + n + "\", \"email\": \"visitor" + n
                + "@example.com\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Runs {@code task} {@code count} times at once, each on its own virtual thread; returns the results. */
    public static <T> List<T> concurrently(int count, Callable<T> task) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(threads.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
