package io.jivohub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Counts of events answered without being stored, waiting for the writer's next transaction. */
class TalliesTest {

    @Test
    void countsAddUpPerConnectionAndOutcomeUntilTakenAway() {
        Tallies tallies = new Tallies();
        assertThat(tallies.isEmpty()).isTrue();

        tallies.add(1, Outcome.IGNORED, 1);
        tallies.add(1, Outcome.IGNORED, 2);
        tallies.add(1, Outcome.REJECTED, 1);
        tallies.add(2, Outcome.REJECTED, 5);
        Map<Long, long[]> taken = tallies.drain();

        assertThat(tallies.isEmpty()).isTrue();
        assertThat(taken).containsOnlyKeys(1L, 2L);
        assertThat(taken.get(1L)[Outcome.IGNORED.ordinal()]).isEqualTo(3);
        assertThat(taken.get(1L)[Outcome.REJECTED.ordinal()]).isEqualTo(1);
        assertThat(taken.get(2L)[Outcome.REJECTED.ordinal()]).isEqualTo(5);
        assertThat(taken.get(2L)[Outcome.IGNORED.ordinal()]).isZero();
    }

    @Test
    void countsThatCouldNotBeCommittedComeBackAndAddToNewOnes() {
        Tallies tallies = new Tallies();
        tallies.add(1, Outcome.IGNORED, 2);
        Map<Long, long[]> failed = tallies.drain();
        tallies.add(1, Outcome.IGNORED, 1);

        tallies.restore(failed);

        assertThat(tallies.drain().get(1L)[Outcome.IGNORED.ordinal()]).isEqualTo(3);
    }

    @Test
    void everyOutcomeHasItsOwnCounterColumn() {
        assertThat(Outcome.values()).extracting(Outcome::column)
                .containsExactly("stored_count", "duplicate_count", "ignored_count", "rejected_count");
    }
}
