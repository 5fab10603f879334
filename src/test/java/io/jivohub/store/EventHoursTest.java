package io.jivohub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.jivohub.support.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hourly counts the dashboard's charts draw follow the events: each stored event counts once (a retry not),
 * an erasure takes its events away, retention and deleting a connection take all of theirs.
 */
class EventHoursTest {
    private static long total(List<EventHours.Count> counts, long connectionId) {
        return counts.stream().filter(count -> count.connectionId() == connectionId)
                .mapToLong(EventHours.Count::events).sum();
    }

    @Test
    void theCountsFollowStoringErasureRetentionAndDeletion(@TempDir Path folder) {
        try (Store store = Store.open("jdbc:sqlite:" + folder.resolve("store.db"), 1000, new SimpleMeterRegistry())) {
            long kept = store.connections().createOrGet("Kept", "all", "a".repeat(64), "b".repeat(64), 0)
                    .connection().id();
            long gone = store.connections().createOrGet("Gone", "all", "c".repeat(64), "d".repeat(64), 0)
                    .connection().id();
            StoredEvent first = store.writer().write(NewEvent.of(kept, "a".repeat(64), "chat_finished", "1",
                    List.of(), TestEvents.chatFinished(1)));
            store.writer().write(NewEvent.of(kept, "a".repeat(64), "chat_finished", "2", List.of(),
                    TestEvents.chatFinished(2)));
            StoredEvent retry = store.writer().write(NewEvent.of(kept, "a".repeat(64), "chat_finished", "2",
                    List.of(), TestEvents.chatFinished(2)));
            store.writer().write(NewEvent.of(gone, "c".repeat(64), "offline_message", null, List.of(),
                    TestEvents.chatFinished(3)));
            assertThat(retry.duplicate()).isTrue();

            List<EventHours.Count> counts = store.eventHours().since(0);
            assertThat(total(counts, kept)).as("a retry counts once").isEqualTo(2);
            assertThat(counts).filteredOn(count -> count.connectionId() == gone)
                    .extracting(EventHours.Count::eventName).containsExactly("offline_message");
            assertThat(store.eventHours().since(0, gone)).hasSize(1);

            store.deletions().deleteEvents(List.of(first.id()));
            assertThat(total(store.eventHours().since(0), kept)).as("after an erasure").isEqualTo(1);

            store.connections().revoke(gone, System.currentTimeMillis());
            store.deletions().deleteConnection(gone);
            assertThat(store.eventHours().since(0, gone)).as("a deleted connection's").isEmpty();

            store.deletions().deleteReceivedBefore(System.currentTimeMillis() + 7_200_000);
            assertThat(store.eventHours().since(0)).as("after retention took everything").isEmpty();
        }
    }
}
