package io.jivohub.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.jivohub.web.Endpoint;
import io.jivohub.web.MethodLabel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every HTTP request ({@code jivohub_http_requests_seconds}) by endpoint, method and status. The endpoint
 * is its {@linkplain Endpoint#label() label} in the URL layout, never the path: paths carry secret keys.
 *
 * <p>Every label comes from a closed set, so no client can make new series: methods are {@link MethodLabel}s,
 * and statuses are the few the server answers with.
 */
public final class RequestMetrics implements Filter {
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
            String method = MethodLabel.of(req.prologue().method());
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
