package io.jivohub.store;

import java.time.Duration;

/**
 * What a connection answers Jivo for {@code chat_accepted} and {@code chat_updated}: the fields Jivo shows the
 * agent. Immutable.
 *
 * @param connectionId     the connection
 * @param staticAnswer     a JSON object of those fields with {@code {placeholders}}, or null for none
 * @param responderUrl     where jivohub asks for the answer after the event is committed, or null for none
 * @param responderTimeout how long the responder may take before Jivo is answered without it
 * @param secret           signs every request to the responder, {@code whsec_…}
 * @param updatedAt        epoch milliseconds
 */
public record AgentAnswer(long connectionId, String staticAnswer, String responderUrl, Duration responderTimeout,
                          String secret, long updatedAt) {
}
