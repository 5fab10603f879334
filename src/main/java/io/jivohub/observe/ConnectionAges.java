package io.jivohub.observe;

import java.util.List;
import java.util.function.Supplier;

import io.jivohub.store.ConnectionReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * {@code jivohub_connection_last_event_age_seconds{connection="<id>"}}: for each active connection, how long ago its
 * last event arrived (since it was made, when none has), so that an alert can fire when a channel goes silent.
 * Revoked connections are left out: they are meant to be silent. Read from the store at each scrape, so every
 * instance reports every connection. Thread-safe.
 */
final class ConnectionAges {
    private final MultiGauge ages;
    private final Supplier<List<ConnectionReport>> reports;

    ConnectionAges(MeterRegistry registry, Supplier<List<ConnectionReport>> reports) {
        this.ages = MultiGauge.builder("jivohub.connection.last.event.age")
                .description("Seconds since the connection's last event (or since it was made, before its first)")
                .baseUnit("seconds")
                .register(registry);
        this.reports = reports;
    }

    /** Sets every active connection's age as of now. */
    void refresh() {
        long now = System.currentTimeMillis();
        ages.register(reports.get().stream().filter(report -> !report.connection().revoked())
                .map(report -> MultiGauge.Row.of(Tags.of("connection", String.valueOf(report.connection().id())),
                        (now - (report.lastEventAt() == null ? report.connection().createdAt()
                                : report.lastEventAt())) / 1000.0))
                .toList(), true);
    }
}
