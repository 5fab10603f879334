package io.jivohub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.jivohub.store.Connection;
import io.jivohub.store.ConnectionReport;
import io.jivohub.store.Outcome;
import org.junit.jupiter.api.Test;

/** A connection is marked silent after its own threshold without an event, counted from its creation before any. */
class ListedTest {
    private static final long HOUR = 3_600_000L;
    private static final long NOW = 1_000 * HOUR;

    private static ConnectionReport report(Long lastEventAt, int silentAfterHours, Long revokedAt) {
        Connection connection = new Connection(1, "Shop", "all", "k", "r", NOW - 100 * HOUR, revokedAt);
        return new ConnectionReport(connection, Map.of(Outcome.STORED, 5L), lastEventAt, List.of(), silentAfterHours);
    }

    private static boolean silent(Long lastEventAt, int silentAfterHours, Long revokedAt) {
        return Listed.of(report(lastEventAt, silentAfterHours, revokedAt), NOW, null).silent();
    }

    @Test
    void eachConnectionIsSilentAfterItsOwnThreshold() {
        assertThat(silent(NOW - 30 * HOUR, 24, null)).isTrue();
        assertThat(silent(NOW - 30 * HOUR, 48, null)).as("a channel that is quiet at weekends").isFalse();
        assertThat(silent(NOW - HOUR, 24, null)).isFalse();
        assertThat(silent(null, 24, null)).as("no event in the 100 hours since it was made").isTrue();
        assertThat(silent(null, 200, null)).isFalse();
        assertThat(silent(NOW - 30 * HOUR, 24, NOW - 40 * HOUR)).as("revoked: meant to be silent").isFalse();
        assertThat(Listed.of(report(NOW - 30 * HOUR, 24, null), NOW, null).rowClass()).isEqualTo("silent");
    }
}
