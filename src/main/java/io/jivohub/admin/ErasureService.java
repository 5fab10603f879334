package io.jivohub.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.web.Bodies;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /jivo/admin/erasure} with {@code {"email": …}} or {@code {"phone": …}}: deletes every stored event of
 * one visitor, of every connection, as privacy law requires on request ({@link ConnectionManager#erase}; see
 * {@link Visitor} for what matches). Answers how many events were looked at and deleted.
 */
public final class ErasureService implements HttpService {
    private final ConnectionManager manager;
    private final AdminAccess access;

    public ErasureService(ConnectionManager manager, AdminAccess access) {
        this.manager = manager;
        this.access = access;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::erase)
                .any("/", Routes.methodNotAllowed("POST"));
    }

    private void erase(ServerRequest req, ServerResponse res) {
        access.check(req);
        Visitor visitor = visitor(Bodies.readJsonObject(req, AdminAccess.MAX_BODY_BYTES, "email or phone"));
        ConnectionManager.Erasure erasure = manager.erase(visitor);
        Responses.json(req, res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeNumberProperty("scanned_events", erasure.scannedEvents());
            json.writeNumberProperty("deleted_events", erasure.deletedEvents());
            json.writeEndObject();
        });
    }

    private static Visitor visitor(JsonNode request) {
        JsonNode email = request.get("email");
        JsonNode phone = request.get("phone");
        if ((email == null) == (phone == null) || request.size() != 1) {
            throw HttpProblem.badRequest("send exactly one of email or phone");
        }
        if (email != null) {
            return Visitor.byEmail(email.isString() ? email.asString() : "");
        }
        return Visitor.byPhone(phone.isString() ? phone.asString() : "");
    }
}
