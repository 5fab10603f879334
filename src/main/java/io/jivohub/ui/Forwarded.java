package io.jivohub.ui;

import java.util.List;

import io.jivohub.admin.DestinationManager;
import io.jivohub.store.Delivery;
import io.jivohub.store.Destination;
import io.jivohub.store.Destinations;

/**
 * A destination as the dashboard shows it: where it is, what it gets, how it fares. Immutable.
 *
 * @param destination the destination
 * @param counts      its deliveries waiting for another attempt, and those that failed for good
 * @param failed      the newest deliveries that failed for good; empty on the connection's page
 */
public record Forwarded(Destination destination, Destinations.Counts counts, List<Delivery> failed) {
    /** Its header names with their values masked, as {@code Name: ****1234}. */
    public List<String> maskedHeaders() {
        return destination.headers().entrySet().stream().map(header -> header.getKey() + ": "
                + DestinationManager.masked(header.getValue())).sorted().toList();
    }

    /** The state's key in the bundles: {@code paused}, {@code failing} or {@code delivering}. */
    public String state() {
        return destination.paused() ? "paused" : destination.failingSince() != null ? "failing" : "delivering";
    }
}
