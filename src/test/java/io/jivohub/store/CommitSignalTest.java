package io.jivohub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The seam work that follows committed events waits on. */
class CommitSignalTest {

    @Test
    void aWaiterWakesWhenANewerIdIsCommitted() throws Exception {
        CommitSignal signal = new CommitSignal(10);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.awaitAfter(10, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        signal.committed(11);

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
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
