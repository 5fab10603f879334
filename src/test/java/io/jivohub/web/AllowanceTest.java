package io.jivohub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The refilling allowance behind the guess limit, on a clock the test moves. */
class AllowanceTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void theWholeAllowanceMayBeSpentAtOnceThenTheNextWaitsItsShareOfAMinute() {
        Allowance allowance = new Allowance(30, now::get);
        for (int i = 0; i < 30; i++) {
            assertThat(allowance.waitNanos()).isZero();
            allowance.spend();
        }

        assertThat(allowance.waitNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(2));
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(allowance.waitNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(allowance.waitNanos()).isZero();
    }

    @Test
    void itRefillsToFullInAMinuteAndNeverBeyond() {
        Allowance allowance = new Allowance(60, now::get);
        for (int i = 0; i < 100; i++) {
            allowance.spend();
        }
        assertThat(allowance.isFull()).isFalse();

        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(allowance.isFull()).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(allowance.isFull()).isTrue();
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        for (int i = 0; i < 60; i++) {
            allowance.spend();
        }
        assertThat(allowance.waitNanos()).as("an hour saved nothing up").isPositive();
    }
}
