package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

/** Repeated log lines, thinned out on a clock the test moves. */
class LogRateLimitTest {
    private final AtomicLong now = new AtomicLong();
    private final LogRateLimit limit = new LogRateLimit(now::get);

    private static LogRecord line(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("io.jivohub.web.Bodies");
        return record;
    }

    @Test
    void eachKindOfLineIsWrittenAtMostTenTimesAMinuteThenSaysHowManyWereLeftOut() {
        int written = 0;
        for (int i = 0; i < 1000; i++) {
            if (limit.isLoggable(line("a request body could not be read: client " + i))) {
                written++;
            }
        }
        assertThat(written).as("numbers do not make a new kind").isEqualTo(LogRateLimit.PER_MINUTE);
        assertThat(limit.isLoggable(line("another kind of line"))).isTrue();

        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        LogRecord next = line("a request body could not be read: client 1");

        assertThat(limit.isLoggable(next)).isTrue();
        assertThat(next.getMessage()).endsWith("(990 more lines like this one were left out)");
    }

    @Test
    void endlessKindsCostNoMemory() {
        for (int i = 0; i < 50_000; i++) {
            limit.isLoggable(line("line of kind " + Integer.toString(i, 26).replaceAll("\\d", "x")));
        }
        assertThat(limit).extracting("kinds").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .hasSizeLessThanOrEqualTo(LogRateLimit.MAX_KINDS);
    }
}
