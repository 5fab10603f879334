package io.jivohub.admin;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.store.ConnectionReport;
import io.jivohub.store.Connections;
import io.jivohub.store.Deletions;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;

/**
 * {@code /jivo/admin/connections}: the admin's view of the connections, and what the admin can do to one.
 *
 * <ul>
 *   <li>{@code GET /} lists them, {@code GET /<id>} shows one: URLs, counts by outcome, last event time.</li>
 *   <li>{@code POST /<id>/revoke}: both URLs answer 404 from then on; the events stay until deleted.</li>
 *   <li>{@code POST /<id>/rotate_url?overlap_hours=24}: a new webhook URL; the old one keeps working for the
 *       overlap, so the user can change Jivo's setting without losing events.</li>
 *   <li>{@code POST /<id>/rotate_data_url}: a new data URL; the old one stops at once.</li>
 *   <li>{@code DELETE /<id>}: the connection and all its events.</li>
 * </ul>
 * Every request needs the admin token, or comes from this machine when there is none (see {@link AdminAccess}).
 */
public final class ConnectionsService implements HttpService {
    static final int DEFAULT_OVERLAP_HOURS = 24;
    private static final int MAX_OVERLAP_HOURS = 24 * 90;

    private final Connections connections;
    private final Deletions deletions;
    private final AdminAccess access;
    private final ConnectionView view;

    public ConnectionsService(Connections connections, Deletions deletions, AdminAccess access,
                              Supplier<String> publicUrl) {
        this.connections = connections;
        this.deletions = deletions;
        this.access = access;
        this.view = new ConnectionView(publicUrl);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .any("/", Routes.methodNotAllowed("GET"))
                .get("/{id}", this::show)
                .delete("/{id}", this::delete)
                .any("/{id}", Routes.methodNotAllowed("GET, DELETE"))
                .post("/{id}/revoke", this::revoke)
                .post("/{id}/rotate_url", this::rotateUrl)
                .post("/{id}/rotate_data_url", this::rotateDataUrl)
                .any("/{id}/{action}", Routes.methodNotAllowed("POST"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        access.check(req);
        List<ConnectionReport> reports = connections.reports();
        Responses.json(res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeArrayPropertyStart("connections");
            reports.forEach(report -> view.write(json, report));
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private void show(ServerRequest req, ServerResponse res) {
        access.check(req);
        answer(res, id(req));
    }

    /** Revoking a revoked connection changes nothing and answers it; a missing one gets 404 from the answer. */
    private void revoke(ServerRequest req, ServerResponse res) {
        access.check(req);
        long id = id(req);
        connections.revoke(id, System.currentTimeMillis());
        answer(res, id);
    }

    private void rotateUrl(ServerRequest req, ServerResponse res) {
        access.check(req);
        long id = id(req);
        Duration overlap = Duration.ofHours(overlapHours(req));
        changeActive(res, id, () -> connections.rotateWebhookKey(id, Keys.newKey(), System.currentTimeMillis(),
                overlap));
    }

    private void rotateDataUrl(ServerRequest req, ServerResponse res) {
        access.check(req);
        long id = id(req);
        changeActive(res, id, () -> connections.rotateReadKey(id, Keys.newKey(), System.currentTimeMillis()));
    }

    /**
     * Makes {@code change} to active connection {@code id} and answers the connection; {@code change} says whether
     * an active connection took it. Otherwise: 404 when there is no such connection, 409 when it is revoked.
     */
    private void changeActive(ServerResponse res, long id, BooleanSupplier change) {
        if (!change.getAsBoolean()) {
            existing(id);
            throw new HttpProblem(Status.CONFLICT_409, "connection " + id + " is revoked; its URLs cannot change");
        }
        answer(res, id);
    }

    /** Revokes first, so nothing new arrives while the events are deleted chunk by chunk. */
    private void delete(ServerRequest req, ServerResponse res) {
        access.check(req);
        long id = id(req);
        existing(id);
        connections.revoke(id, System.currentTimeMillis());
        long deleted = deletions.deleteConnection(id);
        Responses.json(res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeNumberProperty("id", id);
            json.writeBooleanProperty("deleted", true);
            json.writeNumberProperty("deleted_events", deleted);
            json.writeEndObject();
        });
    }

    private void answer(ServerResponse res, long id) {
        ConnectionReport report = existing(id);
        Responses.json(res, Status.OK_200, json -> view.write(json, report));
    }

    private ConnectionReport existing(long id) {
        return connections.report(id)
                .orElseThrow(() -> new HttpProblem(Status.NOT_FOUND_404, "no connection with id " + id));
    }

    private static long id(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new HttpProblem(Status.NOT_FOUND_404, "connection ids are numbers");
        }
    }

    private static long overlapHours(ServerRequest req) {
        List<String> values = req.query().all("overlap_hours", List::of);
        if (values.isEmpty()) {
            return DEFAULT_OVERLAP_HOURS;
        }
        try {
            long hours = values.size() == 1 ? Long.parseLong(values.getFirst()) : -1;
            if (hours >= 0 && hours <= MAX_OVERLAP_HOURS) {
                return hours;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpProblem.badRequest("overlap_hours must be one whole number from 0 to " + MAX_OVERLAP_HOURS);
    }
}
