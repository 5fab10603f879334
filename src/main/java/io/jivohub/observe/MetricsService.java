package io.jivohub.observe;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.store.ConnectionReport;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: every meter in Prometheus text format. */
public final class MetricsService implements HttpService {
    private final PrometheusMeterRegistry registry;
    private final ConnectionAges ages;

    /** @param reports every connection, for the age of each one's last event */
    public MetricsService(PrometheusMeterRegistry registry, Supplier<List<ConnectionReport>> reports) {
        this.registry = registry;
        this.ages = new ConnectionAges(registry, reports);
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.get(rules, "/", this::scrape)
                .any("/", Routes.methodNotAllowed("GET", "HEAD"));
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        ages.refresh();
        Responses.send(req, res, Status.OK_200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
