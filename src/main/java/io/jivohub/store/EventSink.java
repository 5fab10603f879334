package io.jivohub.store;

/** Where the webhook endpoint hands events to: normally the {@link EventWriter}. */
@FunctionalInterface
public interface EventSink {
    /**
     * Stores {@code event} and returns once it is committed.
     *
     * @throws StoreUnavailableException when it could not be committed
     */
    StoredEvent write(NewEvent event);
}
