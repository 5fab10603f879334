package io.jivohub.admin;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.store.Connection;
import io.jivohub.store.Connections;
import io.jivohub.web.Bodies;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /jivo/get_key}: creates a connection and answers its two URLs, the webhook URL to paste into Jivo
 * and the data URL to read the events from.
 *
 * <p>Asking again for the same account name and event type returns the same connection (200 instead of 201),
 * because people lose URLs. With {@code Accept: text/plain} the answer is the webhook URL alone, as the original
 * service answered. The rules are {@link ConnectionManager#connect}'s.
 */
public final class GetKeyService implements HttpService {
    private final ConnectionManager manager;
    private final AdminAccess access;
    private final ConnectionView view;

    /**
     * @param publicUrl the base of generated URLs, without a trailing slash; a supplier because the default
     *                  depends on the port the server got
     */
    public GetKeyService(ConnectionManager manager, AdminAccess access, Supplier<String> publicUrl) {
        this.manager = manager;
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
        JsonNode request = Bodies.readJsonObject(req, AdminAccess.MAX_BODY_BYTES, "account_name and event_name");
        AccountName accountName = accountName(request.get("account_name"));
        String eventName = eventName(request.get("event_name"));

        Connections.Result result = manager.connect(accountName, eventName);
        Connection connection = result.connection();
        Status status = result.created() ? Status.CREATED_201 : Status.OK_200;

        boolean plain = req.headers().bestAccepted(MediaTypes.APPLICATION_JSON, MediaTypes.TEXT_PLAIN)
                .filter(MediaTypes.TEXT_PLAIN::equals)
                .isPresent();
        if (plain) {
            Responses.send(req, res, status, "text/plain; charset=utf-8",
                    view.webhookUrl(connection, connection.webhookKey()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Responses.json(req, res, status, json -> {
            json.writeStartObject();
            view.writeFields(json, connection);
            json.writeEndObject();
        });
    }

    private static AccountName accountName(JsonNode value) {
        if (value == null || value.isNull()) {
            throw HttpProblem.badRequest("account_name is missing");
        }
        if (!value.isString()) {
            throw HttpProblem.badRequest("account_name must be a string");
        }
        return new AccountName(value.asString());
    }

    private static String eventName(JsonNode value) {
        if (value == null || value.isNull()) {
            throw HttpProblem.badRequest("event_name is missing; use one of " + ConnectionManager.connectableTypes());
        }
        if (!value.isString()) {
            throw HttpProblem.badRequest("event_name must be one of " + ConnectionManager.connectableTypes());
        }
        return value.asString();
    }
}
