package io.jivohub.admin;

import java.time.Duration;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.store.AgentAnswer;
import io.jivohub.web.Bodies;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;
import tools.jackson.databind.JsonNode;

/**
 * {@code /jivo/admin/connections/<id>/agent_answer}: what the connection answers Jivo for {@code chat_accepted} and
 * {@code chat_updated}, which Jivo shows the agent.
 *
 * <ul>
 *   <li>{@code PUT} with {@code {"static": {…}, "responder_url": …, "responder_timeout_ms": 2000}} sets it (each
 *       field left out is none, the timeout's default aside) and answers with it, the responder's signing
 *       {@code responder_secret} whole;</li>
 *   <li>{@code GET} shows it (the secret masked), 404 when there is none; {@code DELETE} removes it.</li>
 * </ul>
 * The rules are {@link AgentAnswerManager}'s.
 */
final class AgentAnswerService {
    private final AgentAnswerManager manager;
    private final AdminAccess access;

    AgentAnswerService(AgentAnswerManager manager, AdminAccess access) {
        this.manager = manager;
        this.access = access;
    }

    /** Adds the route below a connection, {@code /{id}/agent_answer}, to its rules. */
    void routing(HttpRules rules) {
        Routes.get(rules, "/{id}/agent_answer", this::show)
                .put("/{id}/agent_answer", this::put)
                .delete("/{id}/agent_answer", this::delete)
                .any("/{id}/agent_answer", Routes.methodNotAllowed("GET", "HEAD", "PUT", "DELETE"));
    }

    private void show(ServerRequest req, ServerResponse res) {
        access.check(req);
        long id = ConnectionsService.id(req);
        AgentAnswer answer = manager.of(id).orElseThrow(() -> new HttpProblem(Status.NOT_FOUND_404,
                "connection " + id + " has no agent answer; PUT one"));
        answer(req, res, answer, false);
    }

    private void put(ServerRequest req, ServerResponse res) {
        access.check(req);
        JsonNode body = Bodies.readJsonObject(req, AdminAccess.MAX_BODY_BYTES,
                "static, responder_url and responder_timeout_ms");
        for (String field : body.propertyNames()) {
            if (!field.equals("static") && !field.equals("responder_url") && !field.equals("responder_timeout_ms")) {
                throw HttpProblem.badRequest(field + " is not a field of an agent answer; use static, responder_url"
                        + " and responder_timeout_ms");
            }
        }
        JsonNode url = body.path("responder_url");
        if (!url.isMissingNode() && !url.isNull() && !url.isString()) {
            throw HttpProblem.badRequest("responder_url must be a string");
        }
        JsonNode timeout = body.path("responder_timeout_ms");
        if (!timeout.isMissingNode() && !timeout.isIntegralNumber()) {
            throw HttpProblem.badRequest("responder_timeout_ms must be a whole number of milliseconds");
        }
        AgentAnswer made = manager.put(ConnectionsService.id(req), new AgentAnswerManager.Spec(body.get("static"),
                url.isString() ? url.asString() : null, timeout.isMissingNode() ? AgentAnswerManager.DEFAULT_TIMEOUT
                : Duration.ofMillis(timeout.asLong())));
        answer(req, res, made, true);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        access.check(req);
        long id = ConnectionsService.id(req);
        manager.delete(id);
        Responses.json(req, res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeNumberProperty("connection_id", id);
            json.writeBooleanProperty("deleted", true);
            json.writeEndObject();
        });
    }

    private static void answer(ServerRequest req, ServerResponse res, AgentAnswer answer, boolean withSecret) {
        Responses.json(req, res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeNumberProperty("connection_id", answer.connectionId());
            json.writeName("static");
            if (answer.staticAnswer() == null) {
                json.writeNull();
            } else {
                json.writeRawValue(answer.staticAnswer()); // JSON jivohub wrote itself, checked
            }
            json.writeStringProperty("responder_url", answer.responderUrl());
            json.writeNumberProperty("responder_timeout_ms", answer.responderTimeout().toMillis());
            json.writeStringProperty("responder_secret", withSecret ? answer.secret()
                    : DestinationManager.masked(answer.secret()));
            ConnectionView.writeTime(json, "updated_at", answer.updatedAt());
            json.writeEndObject();
        });
    }
}
