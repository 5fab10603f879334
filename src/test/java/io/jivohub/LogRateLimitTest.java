package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
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
    void idsInHexadecimalDoNotMakeNewKinds() {
        Random random = new Random(7);
        int written = 0;
        for (int i = 0; i < 1000; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            String address = "0x" + Long.toHexString(random.nextLong());
            if (limit.isLoggable(line("connection " + id + " from " + address + " reset"))) {
                written++;
            }
        }
        assertThat(written).isEqualTo(LogRateLimit.PER_MINUTE);
    }

    @Test
    void endlessKindsCostAFewLinesAndNoMemoryAndQuietKindsMakeRoomAgain() {
        int written = 0;
        for (int i = 0; i < 50_000; i++) {
            if (limit.isLoggable(line("line of kind " + letters(i)))) {
                written++;
            }
        }
        assertThat(written).as("each tracked kind, then ten for all the others")
                .isEqualTo(LogRateLimit.MAX_KINDS + LogRateLimit.PER_MINUTE);
        assertThat(limit).extracting("kinds").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .as("the kinds tracked, and the one all others share").hasSize(LogRateLimit.MAX_KINDS + 1);

        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        for (int i = 0; i < 20; i++) {
            limit.isLoggable(line("a new kind after a quiet minute"));
        }
        LogRecord old = line("line of kind " + letters(3));
        assertThat(limit.isLoggable(old)).as("a kind seen again after a minute is written").isTrue();
        assertThat(limit.isLoggable(line("another new kind"))).as("new kinds have their own counts again").isTrue();
    }

    /** A different run of letters for each number: numbers alone would be one kind. */
    private static String letters(int i) {
        return Integer.toString(i, 16).chars().mapToObj(c -> String.valueOf((char) ('g' + Character.digit(c, 16))))
                .reduce("", String::concat);
    }
}
