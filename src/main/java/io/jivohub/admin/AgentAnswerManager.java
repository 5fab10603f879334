package io.jivohub.admin;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.jivohub.answer.AgentAnswerer;
import io.jivohub.answer.AnswerFields;
import io.jivohub.answer.InvalidAnswerException;
import io.jivohub.forward.AddressRule;
import io.jivohub.keys.Keys;
import io.jivohub.store.AgentAnswer;
import io.jivohub.store.AgentAnswers;
import io.jivohub.store.Connection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules of a connection's answer for the agent: what may be in its static part, where its responder is and how
 * long it may take. The admin API and the dashboard call the same methods. Thread-safe.
 */
public final class AgentAnswerManager {
    /** How long a responder may take unless told otherwise: Jivo's own limit is not documented, so keep it short. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration LEAST_TIMEOUT = Duration.ofMillis(50);
    static final Duration MOST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * What a connection's answer should be.
     *
     * @param staticAnswer     the fields Jivo shows the agent, with placeholders; null or empty for none
     * @param responderUrl     where to ask for the answer; null for none
     * @param responderTimeout how long the responder may take
     */
    public record Spec(JsonNode staticAnswer, String responderUrl, Duration responderTimeout) {
    }

    private final ConnectionManager connections;
    private final AgentAnswers answers;
    private final AddressRule addresses;

    /** @param addresses which responders may be reached */
    public AgentAnswerManager(ConnectionManager connections, AgentAnswers answers, AddressRule addresses) {
        this.connections = connections;
        this.answers = answers;
        this.addresses = addresses;
    }

    /** Connection {@code connectionId}'s answer, if it has one. @throws Refusal NOT_FOUND for no such connection */
    public Optional<AgentAnswer> of(long connectionId) {
        connections.report(connectionId);
        return answers.of(connectionId);
    }

    /**
     * Sets connection {@code connectionId}'s answer; the first one gets the responder's signing secret, which later
     * ones keep.
     *
     * @throws Refusal INVALID for a wrong field, or a connection that captures no type Jivo shows an answer for;
     *                 NOT_FOUND
     */
    public AgentAnswer put(long connectionId, Spec spec) {
        Connection connection = connections.report(connectionId).connection();
        if (AgentAnswerer.TYPES.stream().noneMatch(connection::captures)) {
            throw Refusal.invalid("connection " + connectionId + " captures " + connection.eventName() + "; Jivo shows"
                    + " the agent an answer only for " + String.join(" and ", AgentAnswerer.TYPES.stream().sorted()
                    .toList()) + ", so connect chat_accepted (or all) for it");
        }
        ObjectNode staticAnswer = staticAnswer(spec.staticAnswer());
        String before = answers.of(connectionId).map(AgentAnswer::responderUrl).orElse(null);
        String responderUrl = spec.responderUrl() == null ? null : ReceiverUrl.checked("responder_url",
                spec.responderUrl(), !Objects.equals(spec.responderUrl(), before), addresses);
        if (staticAnswer == null && responderUrl == null) {
            throw Refusal.invalid("give static, responder_url or both; DELETE removes the answer");
        }
        Duration timeout = spec.responderTimeout();
        if (timeout.compareTo(LEAST_TIMEOUT) < 0 || timeout.compareTo(MOST_TIMEOUT) > 0) {
            throw Refusal.invalid("responder_timeout_ms must be from " + LEAST_TIMEOUT.toMillis() + " to "
                    + MOST_TIMEOUT.toMillis() + " (Jivo waits for the answer while the agent does)");
        }
        return answers.put(connectionId, staticAnswer == null ? null : staticAnswer.toString(), responderUrl,
                timeout, Keys.newSigningSecret(), System.currentTimeMillis());
    }

    /** Removes connection {@code connectionId}'s answer. @throws Refusal NOT_FOUND when it has none */
    public void delete(long connectionId) {
        connections.report(connectionId);
        if (!answers.delete(connectionId)) {
            throw new Refusal(Refusal.Kind.NOT_FOUND, "connection " + connectionId + " has no agent answer");
        }
    }

    private static ObjectNode staticAnswer(JsonNode given) {
        if (given == null || given.isNull()) {
            return null;
        }
        try {
            ObjectNode checked = AnswerFields.checked(given, true);
            return checked.isEmpty() ? null : checked;
        } catch (InvalidAnswerException e) {
            throw Refusal.invalid("static: " + e.getMessage());
        }
    }
}
