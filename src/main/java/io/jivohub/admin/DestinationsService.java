package io.jivohub.admin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.columns.Timestamps;
import io.jivohub.store.Delivery;
import io.jivohub.store.Destination;
import io.jivohub.store.Destinations;
import io.jivohub.store.Received;
import io.jivohub.web.Bodies;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * {@code /jivo/admin/connections/<id>/destinations}: where a connection's events are forwarded to.
 *
 * <ul>
 *   <li>{@code GET /} lists them with their state; {@code POST /} with {@code {"url": …, "event_types": […],
 *       "headers": {…}, "parallel": false}} adds one and answers 201 with it, its signing {@code secret}
 *       included.</li>
 *   <li>{@code GET /<did>}, {@code PATCH /<did>} (the fields to change, {@code "enabled": false} to pause),
 *       {@code DELETE /<did>}.</li>
 *   <li>{@code POST /<did>/rotate_secret?overlap_hours=24}: a new secret, the old one signing too for the
 *       overlap.</li>
 *   <li>{@code POST /<did>/redeliver} with {@code {"event_ids": […]}}, {@code {"failed": true}} or
 *       {@code {"from": …, "to": …}}: sends those events again; {@code GET /<did>/failed}: the deliveries that
 *       failed for good.</li>
 * </ul>
 * Header values are shown masked, and the secret only when it is made. The rules are {@link DestinationManager}'s.
 */
final class DestinationsService {
    private static final int FAILED_SHOWN = 100;

    private final DestinationManager manager;
    private final Destinations destinations;
    private final AdminAccess access;

    DestinationsService(DestinationManager manager, Destinations destinations, AdminAccess access) {
        this.manager = manager;
        this.destinations = destinations;
        this.access = access;
    }

    /** Adds the routes below a connection, {@code /{id}/destinations…}, to its rules. */
    void routing(HttpRules rules) {
        Routes.get(rules, "/{id}/destinations", this::list)
                .post("/{id}/destinations", this::create)
                .any("/{id}/destinations", Routes.methodNotAllowed("GET", "HEAD", "POST"));
        Routes.get(rules, "/{id}/destinations/{did}", this::show)
                .patch("/{id}/destinations/{did}", this::update)
                .delete("/{id}/destinations/{did}", this::delete)
                .any("/{id}/destinations/{did}", Routes.methodNotAllowed("GET", "HEAD", "PATCH", "DELETE"));
        Routes.get(rules, "/{id}/destinations/{did}/failed", this::failed)
                .any("/{id}/destinations/{did}/failed", Routes.methodNotAllowed("GET", "HEAD"))
                .post("/{id}/destinations/{did}/rotate_secret", this::rotateSecret)
                .post("/{id}/destinations/{did}/redeliver", this::redeliver)
                .any("/{id}/destinations/{did}/{action}", Routes.methodNotAllowed("POST"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        access.check(req);
        List<Destination> found = manager.of(id(req, "id"));
        Responses.json(req, res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeArrayPropertyStart("destinations");
            found.forEach(destination -> write(json, destination, false));
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private void create(ServerRequest req, ServerResponse res) {
        access.check(req);
        JsonNode body = Bodies.readJsonObject(req, AdminAccess.MAX_BODY_BYTES, "url, event_types and headers");
        Destination made = manager.create(id(req, "id"), new DestinationManager.Spec(text(body, "url", null),
                types(body, List.of()), headers(body, Map.of()), flag(body, "enabled", true),
                flag(body, "parallel", false)));
        answer(req, res, Status.CREATED_201, made, true);
    }

    private void show(ServerRequest req, ServerResponse res) {
        access.check(req);
        answer(req, res, Status.OK_200, manager.one(id(req, "id"), id(req, "did")), false);
    }

    /** A PATCH: the fields it names replace the destination's, the others stay. */
    private void update(ServerRequest req, ServerResponse res) {
        access.check(req);
        long connectionId = id(req, "id");
        long id = id(req, "did");
        JsonNode body = Bodies.readJsonObject(req, AdminAccess.MAX_BODY_BYTES,
                "the fields to change: url, event_types, headers, enabled");
        Destination before = manager.one(connectionId, id);
        Destination after = manager.update(connectionId, id, new DestinationManager.Spec(text(body, "url",
                before.url()), types(body, before.eventTypes()), headers(body, before.headers()),
                flag(body, "enabled", !before.paused()), flag(body, "parallel", before.parallel())));
        answer(req, res, Status.OK_200, after, false);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        access.check(req);
        long id = id(req, "did");
        manager.delete(id(req, "id"), id);
        Responses.json(req, res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeNumberProperty("id", id);
            json.writeBooleanProperty("deleted", true);
            json.writeEndObject();
        });
    }

    private void rotateSecret(ServerRequest req, ServerResponse res) {
        access.check(req);
        List<String> hours = req.query().all("overlap_hours", List::of);
        Duration overlap = DestinationManager.SECRET_OVERLAP;
        if (!hours.isEmpty()) {
            try {
                overlap = Duration.ofHours(Long.parseLong(hours.getFirst()));
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest("overlap_hours must be a whole number of hours, from 0 to 168");
            }
        }
        answer(req, res, Status.OK_200, manager.rotateSecret(id(req, "id"), id(req, "did"), overlap), true);
    }

    private void redeliver(ServerRequest req, ServerResponse res) {
        access.check(req);
        JsonNode body = Bodies.readJsonObject(req, AdminAccess.MAX_BODY_BYTES,
                "{\"event_ids\": […]}, {\"failed\": true} or {\"from\": …, \"to\": …}");
        int asked = manager.sendAgain(id(req, "id"), id(req, "did"), sendAgain(body));
        Responses.json(req, res, Status.ACCEPTED_202, json -> {
            json.writeStartObject();
            json.writeNumberProperty("deliveries", asked);
            json.writeEndObject();
        });
    }

    private void failed(ServerRequest req, ServerResponse res) {
        access.check(req);
        Destination destination = manager.one(id(req, "id"), id(req, "did"));
        List<Delivery> failed = destinations.failed(destination.id(), FAILED_SHOWN);
        Responses.json(req, res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeArrayPropertyStart("failed");
            for (Delivery delivery : failed) {
                json.writeStartObject();
                json.writeNumberProperty("event_id", delivery.eventId());
                json.writeNumberProperty("attempts", delivery.attempts());
                if (delivery.lastStatus() == null) {
                    json.writeNullProperty("last_status");
                } else {
                    json.writeNumberProperty("last_status", delivery.lastStatus());
                }
                json.writeStringProperty("last_error", delivery.lastError());
                json.writeStringProperty("last_attempt_at", Timestamps.format(delivery.updatedAt()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private void answer(ServerRequest req, ServerResponse res, Status status, Destination destination,
                        boolean withSecret) {
        Responses.json(req, res, status, json -> write(json, destination, withSecret));
    }

    /** A destination as JSON: header values masked, the secret whole only when {@code withSecret}. */
    private void write(JsonGenerator json, Destination destination, boolean withSecret) {
        Destinations.Counts counts = destinations.counts(destination.id());
        json.writeStartObject();
        json.writeNumberProperty("id", destination.id());
        json.writeNumberProperty("connection_id", destination.connectionId());
        json.writeStringProperty("url", destination.url());
        json.writeArrayPropertyStart("event_types");
        destination.eventTypes().forEach(json::writeString);
        json.writeEndArray();
        json.writeObjectPropertyStart("headers");
        destination.headers().forEach((name, value) -> json.writeStringProperty(name,
                DestinationManager.masked(value)));
        json.writeEndObject();
        json.writeStringProperty("secret", withSecret ? destination.secret()
                : DestinationManager.masked(destination.secret()));
        json.writeBooleanProperty("enabled", !destination.paused());
        json.writeBooleanProperty("parallel", destination.parallel());
        ConnectionView.writeTime(json, "paused_at", destination.pausedAt());
        json.writeStringProperty("paused_reason", destination.pausedReason());
        ConnectionView.writeTime(json, "failing_since", destination.failingSince());
        json.writeStringProperty("last_error", destination.lastError());
        json.writeNumberProperty("position", destination.position());
        json.writeNumberProperty("waiting", counts.waiting());
        json.writeNumberProperty("failed", counts.failed());
        ConnectionView.writeTime(json, "created_at", destination.createdAt());
        json.writeEndObject();
    }

    private static DestinationManager.SendAgain sendAgain(JsonNode body) {
        boolean ids = body.has("event_ids");
        boolean failed = body.has("failed");
        boolean range = body.has("from") || body.has("to");
        if ((ids ? 1 : 0) + (failed ? 1 : 0) + (range ? 1 : 0) != 1) {
            throw HttpProblem.badRequest("name exactly one of event_ids, failed, or from and to");
        }
        if (ids) {
            JsonNode list = body.get("event_ids");
            if (!list.isArray() || list.isEmpty()) {
                throw HttpProblem.badRequest("event_ids must be a list of event ids");
            }
            List<Long> eventIds = new ArrayList<>();
            for (JsonNode id : list) {
                if (!id.isIntegralNumber() || id.asLong() <= 0) {
                    throw HttpProblem.badRequest("event_ids must be a list of event ids (positive whole numbers)");
                }
                eventIds.add(id.asLong());
            }
            return new DestinationManager.SendAgain.Events(eventIds);
        }
        if (failed) {
            if (!body.get("failed").isBoolean() || !body.get("failed").asBoolean()) {
                throw HttpProblem.badRequest("failed must be true");
            }
            return new DestinationManager.SendAgain.Failed();
        }
        return new DestinationManager.SendAgain.ReceivedIn(new Received(time(body, "from"), time(body, "to")));
    }

    private static Long time(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw HttpProblem.badRequest(field + " must be a date or time, such as 2026-11-26 or 2026-11-26T10:00:00Z");
        }
        try {
            return Timestamps.parse(value.asString());
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest(field + " must be a date or time, such as 2026-11-26 or"
                    + " 2026-11-26T10:00:00Z");
        }
    }

    private static String text(JsonNode body, String field, String otherwise) {
        JsonNode value = body.get(field);
        if (value == null) {
            return otherwise;
        }
        if (!value.isString()) {
            throw HttpProblem.badRequest(field + " must be a string");
        }
        return value.asString();
    }

    private static boolean flag(JsonNode body, String field, boolean otherwise) {
        JsonNode value = body.get(field);
        if (value == null) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw HttpProblem.badRequest(field + " must be true or false");
        }
        return value.asBoolean();
    }

    private static List<String> types(JsonNode body, List<String> otherwise) {
        JsonNode value = body.get("event_types");
        if (value == null) {
            return otherwise;
        }
        if (!value.isArray()) {
            throw HttpProblem.badRequest("event_types must be a list of Jivo event types; [] for every type");
        }
        List<String> types = new ArrayList<>();
        for (JsonNode type : value) {
            if (!type.isString()) {
                throw HttpProblem.badRequest("event_types must be a list of Jivo event types; [] for every type");
            }
            types.add(type.asString());
        }
        return types;
    }

    private static Map<String, String> headers(JsonNode body, Map<String, String> otherwise) {
        JsonNode value = body.get("headers");
        if (value == null) {
            return otherwise;
        }
        if (!value.isObject()) {
            throw HttpProblem.badRequest("headers must be an object of header names and values");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : value.properties()) {
            if (!header.getValue().isString()) {
                throw HttpProblem.badRequest("headers: the value of " + header.getKey() + " must be a string");
            }
            headers.put(header.getKey(), header.getValue().asString());
        }
        return headers;
    }

    private static long id(ServerRequest req, String parameter) {
        try {
            return Long.parseLong(req.path().pathParameters().get(parameter));
        } catch (NumberFormatException e) {
            throw new HttpProblem(Status.NOT_FOUND_404, "connection and destination ids are numbers");
        }
    }
}
