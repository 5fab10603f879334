package io.jivohub.admin;

import java.util.ArrayList;
import java.util.List;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.store.Deletions;
import io.jivohub.store.EventQuery;
import io.jivohub.store.EventRecord;
import io.jivohub.store.Events;
import io.jivohub.web.Bodies;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Json;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /jivo/admin/erasure} with {@code {"email": …}} or {@code {"phone": …}}: deletes every stored event of
 * one visitor, of every connection, as privacy law requires on request (see {@link Visitor} for what matches).
 * Answers how many events were looked at and deleted. Events that arrive while it runs are not looked at.
 */
public final class ErasureService implements HttpService {
    private static final int PAGE = 1000;

    private final Events events;
    private final Deletions deletions;
    private final AdminAccess access;

    public ErasureService(Events events, Deletions deletions, AdminAccess access) {
        this.events = events;
        this.deletions = deletions;
        this.access = access;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::erase)
                .any("/", Routes.methodNotAllowed("POST"));
    }

    private void erase(ServerRequest req, ServerResponse res) {
        access.check(req);
        Visitor visitor = visitor(Json.readObject(Bodies.read(req, AdminAccess.MAX_BODY_BYTES), "email or phone"));
        List<Long> theirs = new ArrayList<>();
        long scanned = 0;
        long after = 0;
        boolean more = true;
        while (more) {
            Scan scan = events.page(new EventQuery(null, null, null, null, after, PAGE), page -> {
                List<Long> found = page.events().stream().filter(event -> visitor.owns(event.body()))
                        .map(EventRecord::id).toList();
                long last = page.events().isEmpty() ? 0 : page.events().getLast().id();
                return new Scan(found, page.events().size(), last, page.more());
            });
            theirs.addAll(scan.found());
            scanned += scan.size();
            after = scan.lastId();
            more = scan.more();
        }
        long deleted = deletions.deleteEvents(theirs);
        long looked = scanned;
        Responses.json(res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeNumberProperty("scanned_events", looked);
            json.writeNumberProperty("deleted_events", deleted);
            json.writeEndObject();
        });
    }

    private record Scan(List<Long> found, int size, long lastId, boolean more) {
    }

    private static Visitor visitor(JsonNode request) {
        JsonNode email = request.get("email");
        JsonNode phone = request.get("phone");
        if ((email == null) == (phone == null) || request.size() != 1) {
            throw HttpProblem.badRequest("send exactly one of email or phone");
        }
        if (email != null) {
            if (!email.isString() || !email.asString().contains("@") || email.asString().strip().length() < 3) {
                throw HttpProblem.badRequest("email must be an email address");
            }
            return Visitor.byEmail(email.asString());
        }
        if (!phone.isString() || !Visitor.isPhone(phone.asString())) {
            throw HttpProblem.badRequest("phone must be a phone number with at least 5 digits, such as +7 999 123-45-67");
        }
        return Visitor.byPhone(phone.asString());
    }
}
