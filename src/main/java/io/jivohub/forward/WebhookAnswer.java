package io.jivohub.forward;

import java.util.Optional;

/**
 * A receiver's answer to a webhook. Immutable.
 *
 * @param status     its HTTP status
 * @param retryAfter its {@code Retry-After} header, if it sent one
 * @param body       its body, whole, or empty when {@code tooLong}
 * @param tooLong    whether the body was longer than the client keeps (it was then not read)
 */
public record WebhookAnswer(int status, Optional<String> retryAfter, byte[] body, boolean tooLong) {
}
