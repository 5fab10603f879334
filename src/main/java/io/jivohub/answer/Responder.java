package io.jivohub.answer;

import java.net.URI;
import java.util.List;

import io.jivohub.forward.AddressRule;
import io.jivohub.forward.WebhookAnswer;
import io.jivohub.forward.WebhookClient;
import io.jivohub.forward.WebhookFailure;
import io.jivohub.json.Json;
import io.jivohub.store.AgentAnswer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks a connection's responder what Jivo should show the agent. The request is signed as a destination's is
 * (Standard Webhooks, {@code webhook-id} {@code msg_answer_<event id>}) and carries the event exactly as Jivo sent
 * it; the answer is a JSON object of the fields Jivo knows ({@link AnswerFields}), read up to
 * {@link WebhookClient#MAX_BODY} bytes. The whole ask has the answer's timeout (resolving the host name aside): the
 * request thread waits for it, and Jivo for the request thread. Redirects are not followed. Thread-safe.
 */
final class Responder {
    /** How an ask ended. */
    enum Outcome {
        /** A 2xx with an answer Jivo takes (perhaps empty). */
        ANSWERED,
        /** No whole answer within the timeout. */
        TIMEOUT,
        /** Not reached, or it answered another status. */
        FAILED,
        /** A 2xx whose body is not an answer Jivo would take. */
        INVALID
    }

    /**
     * @param outcome how it ended
     * @param fields  the checked fields when it answered, else empty
     * @param problem what went wrong, for the log, or null
     */
    record Reply(Outcome outcome, ObjectNode fields, String problem) {
        static Reply failed(Outcome outcome, String problem) {
            return new Reply(outcome, Json.MAPPER.createObjectNode(), problem);
        }
    }

    private final WebhookClient client;

    Responder(AddressRule addresses) {
        this.client = new WebhookClient(addresses);
    }

    Reply ask(AgentAnswer answer, long eventId, byte[] event, long now) {
        String id = "msg_answer_" + eventId;
        long timestamp = now / 1000;
        WebhookAnswer response;
        try {
            response = client.post(URI.create(answer.responderUrl()),
                    WebhookClient.signedHeaders(List.of(answer.secret()), id, timestamp, event), event,
                    answer.responderTimeout());
        } catch (WebhookFailure e) {
            return Reply.failed(e.kind() == WebhookFailure.Kind.TIMEOUT ? Outcome.TIMEOUT : Outcome.FAILED,
                    e.getMessage());
        }
        if (response.status() / 100 != 2) {
            return Reply.failed(Outcome.FAILED, "the responder answered HTTP " + response.status());
        }
        if (response.tooLong()) {
            return Reply.failed(Outcome.INVALID, "the answer is longer than " + WebhookClient.MAX_BODY + " bytes");
        }
        if (response.body().length == 0) {
            return new Reply(Outcome.ANSWERED, Json.MAPPER.createObjectNode(), null);
        }
        try {
            return new Reply(Outcome.ANSWERED, AnswerFields.checked(Json.MAPPER.readTree(response.body()), false),
                    null);
        } catch (JacksonException e) {
            return Reply.failed(Outcome.INVALID, "the answer is not JSON: " + Json.describe(e));
        } catch (InvalidAnswerException e) {
            return Reply.failed(Outcome.INVALID, "the answer " + e.getMessage());
        }
    }
}
