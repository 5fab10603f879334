package io.jivohub.store;

import java.util.List;

/**
 * One page of events.
 *
 * @param events the events, in the order asked for (ascending id, but for {@link Events#latest})
 * @param more   whether more events match after the last one
 */
public record EventPage(List<EventRecord> events, boolean more) {
}
