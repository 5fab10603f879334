package io.jivohub.store;

import java.util.List;
import java.util.Map;

/**
 * A connection as its admin sees it.
 *
 * @param connection   the connection, with its current keys
 * @param counts       events sent to it so far, by outcome
 * @param lastEventAt  epoch milliseconds of the last stored (or duplicate) event, or {@code null}
 * @param retiredKeys  rotated-out webhook keys that still work, until their {@code expiresAt}
 * @param silentAfterHours after how many hours without an event it counts as silent
 */
public record ConnectionReport(Connection connection, Map<Outcome, Long> counts, Long lastEventAt,
                               List<RetiredKey> retiredKeys, int silentAfterHours) {

    /**
     * A webhook key replaced by rotation that keeps working for an overlap.
     *
     * @param webhookKey the key
     * @param expiresAt  epoch milliseconds: it stops working then
     */
    public record RetiredKey(String webhookKey, long expiresAt) {
    }
}
