package io.jivohub.ui;

import io.jivohub.store.ConnectionReport;
import io.jivohub.store.Outcome;

/**
 * A connection as the list shows it: its report, whether it has gone silent (active, and no event for longer than
 * its threshold, 24 hours unless set otherwise, or none since it was made that long ago), and its events of the
 * last days. Immutable.
 */
public record Listed(ConnectionReport report, boolean silent, Chart lastDays) {
    static Listed of(ConnectionReport report, long now, Chart lastDays) {
        long since = report.lastEventAt() == null ? report.connection().createdAt() : report.lastEventAt();
        return new Listed(report, !report.connection().revoked()
                && now - since > report.silentAfterHours() * 3_600_000L, lastDays);
    }

    public long id() {
        return report.connection().id();
    }

    public long stored() {
        return report.counts().get(Outcome.STORED);
    }

    public int silentAfterHours() {
        return report.silentAfterHours();
    }

    /** The row's class: how it stands out. */
    public String rowClass() {
        return report.connection().revoked() ? "revoked" : silent ? "silent" : "active";
    }
}
