package io.jivohub.capture;

import java.util.Map;
import java.util.Optional;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.answer.AgentAnswerer;
import io.jivohub.columns.ColumnarTable;
import io.jivohub.columns.EventParser;
import io.jivohub.columns.InvalidEventException;
import io.jivohub.columns.ParsedEvent;
import io.jivohub.json.Json;
import io.jivohub.json.JsonText;
import io.jivohub.keys.Keys;
import io.jivohub.store.Connection;
import io.jivohub.store.Connections;
import io.jivohub.store.EventSink;
import io.jivohub.store.EventTypes;
import io.jivohub.store.NewEvent;
import io.jivohub.store.Outcome;
import io.jivohub.store.StoredEvent;
import io.jivohub.store.UnknownKeyException;
import io.jivohub.web.Bodies;
import io.jivohub.web.GuessLimit;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The webhook endpoint, {@code POST /jivo/<event_name>/<key>}: the URL get_key gave, pasted into Jivo.
 *
 * <p>An event of a type the connection captures is committed before the answer, which is
 * {@code {"result": "ok", "data": [<its table>]}}; {@code result: ok} is what Jivo looks for. Other types get
 * {@code {"result": "ok"}} and are only counted. Anything that is not a JSON object gets a 400 and stores nothing.
 * An unknown key and a known key on the wrong path get the same 404, so keys cannot be probed. So does a key of a
 * revoked connection, or one rotated out whose overlap is over; the commit checks the key once more, so such an
 * event is never stored. Outcomes are counted per connection for its admin.
 *
 * <p>For {@code chat_accepted} and {@code chat_updated} the answer also carries what the connection's agent answer
 * gives, after the commit ({@link AgentAnswerer}): Jivo shows it to the agent who took the chat.
 */
public final class WebhookService implements HttpService {
    private static final String UNKNOWN_URL = "no webhook at this URL";

    private final Connections connections;
    private final EventSink events;
    private final int maxBodyBytes;
    private final EventMetrics metrics;
    private final AgentAnswerer agentAnswers;

    public WebhookService(Connections connections, EventSink events, AgentAnswerer agentAnswers, int maxBodyBytes,
                          MeterRegistry registry) {
        this.connections = connections;
        this.events = events;
        this.agentAnswers = agentAnswers;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = new EventMetrics(registry);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{event}/{key}", this::receive)
                .any("/{event}/{key}", Routes.methodNotAllowed("POST"));
    }

    private void receive(ServerRequest req, ServerResponse res) {
        String pathType = req.path().pathParameters().get("event");
        String key = req.path().pathParameters().get("key");
        Connection connection = connection(req, pathType, key);
        String type = null;
        try {
            byte[] body = Bodies.read(req, maxBodyBytes);
            ParsedEvent event = parse(body);
            type = eventType(event, pathType);
            if (!connection.captures(type)) {
                count(connection, type, Outcome.IGNORED);
                Responses.json(req, res, Status.OK_200, new JsonText().ascii("{\"result\":\"ok\"}"));
                return;
            }
            StoredEvent stored = events.write(NewEvent.of(connection.id(), key, type, event.chatId(),
                    event.columnNames(), body));
            metrics.count(type, stored.duplicate() ? Outcome.DUPLICATE : Outcome.STORED);
            ColumnarTable table = new ColumnarTable(1);
            table.add(stored.id(), stored.receivedAt(), type, event.values());
            JsonText answer = new JsonText().ascii("{\"result\":\"ok\",");
            for (Map.Entry<String, JsonNode> field : agentAnswers.answer(connection.id(), type, stored.id(), body)
                    .properties()) {
                answer.bytes(Json.MAPPER.writeValueAsBytes(field.getKey())).ascii(":")
                        .bytes(Json.MAPPER.writeValueAsBytes(field.getValue())).ascii(",");
            }
            answer.ascii("\"data\":[");
            table.appendTo(answer);
            Responses.json(req, res, Status.OK_200, answer.ascii("]}"));
        } catch (HttpProblem e) {
            count(connection, type, Outcome.REJECTED);
            throw e;
        } catch (UnknownKeyException e) {
            connections.forget(key);
            GuessLimit.notAGuess(req);
            throw new HttpProblem(Status.NOT_FOUND_404, UNKNOWN_URL);
        }
    }

    private void count(Connection connection, String type, Outcome outcome) {
        metrics.count(type, outcome);
        events.count(connection.id(), outcome);
    }

    private Connection connection(ServerRequest req, String pathType, String key) {
        if (!Keys.isWellFormed(key)) {
            throw new HttpProblem(Status.NOT_FOUND_404, UNKNOWN_URL);
        }
        Optional<Connection> found = connections.byWebhookKey(key);
        if (found.isPresent() && found.get().eventName().equals(pathType)) {
            return found.get();
        }
        if (found.isPresent() || connections.wasValid(key)) {
            GuessLimit.notAGuess(req); // the sender has, or had, the key: a stale or mistyped Jivo setting
        }
        throw new HttpProblem(Status.NOT_FOUND_404, UNKNOWN_URL);
    }

    private static ParsedEvent parse(byte[] body) {
        try {
            return EventParser.parse(body);
        } catch (InvalidEventException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
    }

    private static String eventType(ParsedEvent event, String pathType) {
        if (event.eventName() == null) {
            if (pathType.equals(Connection.ALL_EVENTS)) {
                throw HttpProblem.badRequest("event_name is missing: an 'all' URL takes the type from the body");
            }
            return pathType;
        }
        if (!EventTypes.isWellFormed(event.eventName())) {
            throw HttpProblem.badRequest("event_name must be " + EventTypes.WELL_FORMED_RULE);
        }
        return event.eventName();
    }
}
