package io.jivohub.store;

/** Where the webhook endpoint hands events to: normally the {@link EventWriter}. */
@FunctionalInterface
public interface EventSink {
    /**
     * Stores {@code event} and returns once it is committed.
     *
     * @throws UnknownKeyException       when the key it came with is no longer valid
     * @throws StoreUnavailableException when it could not be committed
     */
    StoredEvent write(NewEvent event);

    /** Counts an event of {@code connectionId} answered without being stored; a sink that keeps nothing ignores it. */
    default void count(long connectionId, Outcome outcome) {
    }
}
