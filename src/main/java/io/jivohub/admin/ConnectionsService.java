package io.jivohub.admin;

import java.util.List;
import java.util.function.Supplier;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.store.ConnectionReport;
import io.jivohub.store.Destinations;
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
 *   <li>{@code /<id>/destinations…}: where its events are forwarded to ({@link DestinationsService}).</li>
 *   <li>{@code /<id>/agent_answer}: what it answers Jivo for the agent ({@link AgentAnswerService}).</li>
 * </ul>
 * Every request needs the admin token, or comes from this machine when there is none (see {@link AdminAccess}). The
 * rules are {@link ConnectionManager}'s.
 */
public final class ConnectionsService implements HttpService {
    private final ConnectionManager manager;
    private final AdminAccess access;
    private final ConnectionView view;
    private final DestinationsService destinations;
    private final AgentAnswerService agentAnswer;

    public ConnectionsService(ConnectionManager manager, DestinationManager destinationManager,
                              Destinations destinations, AgentAnswerManager agentAnswers, AdminAccess access,
                              Supplier<String> publicUrl) {
        this.manager = manager;
        this.access = access;
        this.view = new ConnectionView(publicUrl);
        this.destinations = new DestinationsService(destinationManager, destinations, access);
        this.agentAnswer = new AgentAnswerService(agentAnswers, access);
    }

    @Override
    public void routing(HttpRules rules) {
        destinations.routing(rules);
        agentAnswer.routing(rules);
        Routes.get(rules, "/", this::list)
                .any("/", Routes.methodNotAllowed("GET", "HEAD"));
        Routes.get(rules, "/{id}", this::show)
                .delete("/{id}", this::delete)
                .any("/{id}", Routes.methodNotAllowed("GET", "HEAD", "DELETE"))
                .post("/{id}/revoke", this::revoke)
                .post("/{id}/rotate_url", this::rotateUrl)
                .post("/{id}/rotate_data_url", this::rotateDataUrl)
                .any("/{id}/{action}", Routes.methodNotAllowed("POST"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        access.check(req);
        List<ConnectionReport> reports = manager.reports();
        Responses.json(req, res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeArrayPropertyStart("connections");
            reports.forEach(report -> view.write(json, report));
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private void show(ServerRequest req, ServerResponse res) {
        access.check(req);
        answer(req, res, manager.report(id(req)));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        access.check(req);
        answer(req, res, manager.revoke(id(req)));
    }

    private void rotateUrl(ServerRequest req, ServerResponse res) {
        access.check(req);
        answer(req, res, manager.rotateWebhookUrl(id(req), req.query().all("overlap_hours", List::of)));
    }

    private void rotateDataUrl(ServerRequest req, ServerResponse res) {
        access.check(req);
        answer(req, res, manager.rotateDataUrl(id(req)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        access.check(req);
        long id = id(req);
        long deleted = manager.delete(id);
        Responses.json(req, res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeNumberProperty("id", id);
            json.writeBooleanProperty("deleted", true);
            json.writeNumberProperty("deleted_events", deleted);
            json.writeEndObject();
        });
    }

    private void answer(ServerRequest req, ServerResponse res, ConnectionReport report) {
        Responses.json(req, res, Status.OK_200, json -> view.write(json, report));
    }

    static long id(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new HttpProblem(Status.NOT_FOUND_404, "connection ids are numbers");
        }
    }
}
