package io.jivohub.admin;

import java.util.function.Supplier;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.capture.EventTypes;
import io.jivohub.store.Connection;
import io.jivohub.store.Connections;
import io.jivohub.web.Bodies;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Json;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /jivo/get_key}: creates a connection and answers its two URLs, the webhook URL to paste into Jivo
 * and the data URL to read the events from.
 *
 * <p>Asking again for the same account name and event type returns the same connection (200 instead of 201),
 * because people lose URLs. With {@code Accept: text/plain} the answer is the webhook URL alone, as the original
 * service answered.
 */
public final class GetKeyService implements HttpService {
    private static final int MAX_ACCOUNT_NAME = 200;

    private final Connections connections;
    private final AdminAccess access;
    private final ConnectionView view;

    /**
     * @param publicUrl the base of generated URLs, without a trailing slash; a supplier because the default
     *                  depends on the port the server got
     */
    public GetKeyService(Connections connections, AdminAccess access, Supplier<String> publicUrl) {
        this.connections = connections;
        this.access = access;
        this.view = new ConnectionView(publicUrl);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::getKey)
                .any("/", Routes.methodNotAllowed("POST"));
    }

    private void getKey(ServerRequest req, ServerResponse res) {
        access.check(req);
        JsonNode request = Json.readObject(Bodies.read(req, AdminAccess.MAX_BODY_BYTES), "account_name and event_name");
        String accountName = accountName(request.get("account_name"));
        String eventName = eventName(request.get("event_name"));

        Connections.Result result = connections.createOrGet(accountName, eventName,
                Keys.newKey(), Keys.newKey(), System.currentTimeMillis());
        Connection connection = result.connection();
        if (connection.revoked()) {
            throw new HttpProblem(Status.CONFLICT_409, "the connection of this account_name and event_name is "
                    + "revoked; delete it (DELETE /jivo/admin/connections/" + connection.id() + ") to make a new one");
        }
        Status status = result.created() ? Status.CREATED_201 : Status.OK_200;

        boolean plain = req.headers().bestAccepted(MediaTypes.APPLICATION_JSON, MediaTypes.TEXT_PLAIN)
                .filter(MediaTypes.TEXT_PLAIN::equals)
                .isPresent();
        if (plain) {
            res.status(status);
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            res.send(view.webhookUrl(connection, connection.webhookKey()));
            return;
        }
        Responses.json(res, status, json -> {
            json.writeStartObject();
            view.writeFields(json, connection);
            json.writeEndObject();
        });
    }

    /** Any text up to 200 characters, surrounding spaces removed; no control characters. */
    private static String accountName(JsonNode value) {
        if (value == null || value.isNull()) {
            throw HttpProblem.badRequest("account_name is missing");
        }
        if (!value.isString()) {
            throw HttpProblem.badRequest("account_name must be a string");
        }
        String name = value.asString().strip();
        if (name.isEmpty()) {
            throw HttpProblem.badRequest("account_name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_ACCOUNT_NAME) {
            throw HttpProblem.badRequest("account_name must be at most " + MAX_ACCOUNT_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw HttpProblem.badRequest("account_name must not contain control characters");
        }
        return name;
    }

    private static String eventName(JsonNode value) {
        String allowed = String.join(", ", EventTypes.JIVO) + " or " + Connection.ALL_EVENTS;
        if (value == null || value.isNull()) {
            throw HttpProblem.badRequest("event_name is missing; use one of " + allowed);
        }
        if (!value.isString() || !EventTypes.isConnectable(value.asString())) {
            throw HttpProblem.badRequest("event_name must be one of " + allowed);
        }
        return value.asString();
    }
}
