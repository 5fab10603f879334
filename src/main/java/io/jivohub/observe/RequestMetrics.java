package io.jivohub.observe;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.jivohub.web.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every HTTP request ({@code jivohub_http_requests_seconds}) by endpoint, method and status. The endpoint
 * is its {@linkplain Endpoint#label() label} in the URL layout, never the path: paths carry secret keys.
 *
 * <p>Every label comes from a closed set, so no client can make new series: a made-up method is {@code other}
 * (50,000 of them once grew the scrape to 433 MB), and statuses are the few the server answers with.
 */
public final class RequestMetrics implements Filter {
    /** The methods of HTTP; anything else a client sends is labelled {@value #OTHER_METHOD}. */
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
    private static final String OTHER_METHOD = "other";

    private final MeterRegistry registry;
    /** Timers by endpoint, method and status: finding one through the registry on every request costs more. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            String endpoint = Endpoint.labelOf(req.prologue().uriPath().path());
            String method = METHODS.contains(req.prologue().method().text()) ? req.prologue().method().text()
                    : OTHER_METHOD;
            int status = res.status().code();
            timers.computeIfAbsent(endpoint + ' ' + method + ' ' + status, key -> Timer.builder("jivohub.http.requests")
                            .description("HTTP requests, by endpoint, method and status")
                            .tag("endpoint", endpoint)
                            .tag("method", method)
                            .tag("status", String.valueOf(status))
                            .publishPercentileHistogram()
                            .register(registry))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
