package io.jivohub.answer;

import java.lang.System.Logger;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.jivohub.forward.AddressRule;
import io.jivohub.json.Json;
import io.jivohub.store.AgentAnswer;
import io.jivohub.store.AgentAnswers;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the webhook answers Jivo for {@code chat_accepted} and {@code chat_updated} besides {@code "result": "ok"}:
 * the fields Jivo shows the agent. They are the connection's static answer with its placeholders filled from the
 * event ({@link Placeholders}), and over it, field by field, what its responder answers ({@link Responder}).
 *
 * <p>The event is committed before this runs, so nothing here can lose it. When the responder is late, fails, or
 * answers something Jivo would not take, Jivo gets the static fields alone (none when there are none): the failure
 * is counted ({@link AnswerMetrics}) and logged with the connection's id, never the responder's address, which may
 * carry a secret. Thread-safe.
 */
public final class AgentAnswerer {
    /** The types whose answer Jivo shows the agent. */
    public static final Set<String> TYPES = Set.of("chat_accepted", "chat_updated");
    private static final Logger LOG = System.getLogger(AgentAnswerer.class.getName());

    private final AgentAnswers answers;
    private final Responder responder;
    private final AnswerMetrics metrics;

    /** @param addresses which responders may be reached, checked before every ask */
    public AgentAnswerer(AgentAnswers answers, AddressRule addresses, MeterRegistry registry) {
        this.answers = answers;
        this.responder = new Responder(addresses);
        this.metrics = new AnswerMetrics(registry);
    }

    /**
     * The fields to answer Jivo for event {@code eventId} of connection {@code connectionId}, committed with
     * {@code body}; empty for other types and for a connection without an answer.
     */
    public ObjectNode answer(long connectionId, String type, long eventId, byte[] body) {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        if (!TYPES.contains(type)) {
            return fields;
        }
        Optional<AgentAnswer> found = answers.forEvent(connectionId);
        if (found.isEmpty()) {
            return fields;
        }
        AgentAnswer answer = found.get();
        if (answer.staticAnswer() != null) {
            fields.setAll(Placeholders.fill((ObjectNode) Json.MAPPER.readTree(answer.staticAnswer()), event(body)));
        }
        if (answer.responderUrl() != null) {
            long start = System.nanoTime();
            Responder.Reply reply = responder.ask(answer, eventId, body, System.currentTimeMillis());
            metrics.record(reply.outcome(), Duration.ofNanos(System.nanoTime() - start));
            if (reply.outcome() == Responder.Outcome.ANSWERED) {
                fields.setAll(reply.fields());
            } else {
                LOG.log(Logger.Level.WARNING, "connection " + connectionId + "'s responder, asked for event "
                        + eventId + ": " + reply.problem() + "; Jivo got the answer without it");
            }
        }
        return fields;
    }

    /** The event as a tree; it was checked when it arrived, so it parses. */
    private static JsonNode event(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("a stored event is JSON", e);
        }
    }
}
