package io.jivohub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The seam work that follows committed events waits on. */
class CommitSignalTest {

    @Test
    void aWaiterWakesWhenANewerIdIsCommitted() throws Exception {
        CommitSignal signal = new CommitSignal(10);
        AtomicBoolean woke = new AtomicBoolean();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                woke.set(signal.awaitAfter(10, Duration.ofMinutes(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

        signal.committed(11);

        waiter.join(Duration.ofSeconds(10));
        assertThat(waiter.isAlive()).as("woken long before its minute").isFalse();
        assertThat(woke).isTrue();
        assertThat(signal.lastId()).isEqualTo(11);
    }

    @Test
    void waitingEndsAfterTheTimeoutWhenNothingNewerCame() throws Exception {
        CommitSignal signal = new CommitSignal(10);
        signal.committed(9);

        assertThat(signal.awaitAfter(10, Duration.ofMillis(20))).isFalse();
        assertThat(signal.awaitAfter(9, Duration.ZERO)).as("already newer").isTrue();
        assertThat(signal.lastId()).as("never goes back").isEqualTo(10);
    }
}
