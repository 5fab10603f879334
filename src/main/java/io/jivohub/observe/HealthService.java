package io.jivohub.observe;

import java.time.Duration;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.store.Store;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;

/**
 * {@code GET /health}: 200 {@code {"status": "up"}} when the store answers and would take a write, 503
 * {@code "down"} when it does not (see {@code Dialect#probe}).
 */
public final class HealthService implements HttpService {
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

    private final Store store;

    public HealthService(Store store) {
        this.store = store;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.get(rules, "/", this::health)
                .any("/", Routes.methodNotAllowed("GET", "HEAD"));
    }

    private void health(ServerRequest req, ServerResponse res) {
        boolean up = store.answers(STORE_TIMEOUT);
        Responses.json(req, res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, json -> {
            json.writeStartObject();
            json.writeStringProperty("status", up ? "up" : "down");
            if (!up) {
                json.writeStringProperty("error", "the store cannot take writes: it did not answer within "
                        + STORE_TIMEOUT.toSeconds() + " s, or is read-only, locked or out of disk space");
            }
            json.writeEndObject();
        });
    }
}
