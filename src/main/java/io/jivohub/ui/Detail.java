package io.jivohub.ui;

import java.util.List;

import io.jivohub.admin.ConnectionView;
import io.jivohub.store.Connection;
import io.jivohub.store.ConnectionReport;
import io.jivohub.store.EventRecord;
import io.jivohub.store.Outcome;
import io.jivohub.tables.Dataset;

/**
 * One connection as its page shows it: its report, its URLs, and its newest events. Immutable.
 *
 * @param latest   its newest events, newest first
 * @param sent     the id of the test event just sent, or null
 * @param tables   its Jivo tables' rows that changed last; empty while the tables are being built
 * @param building how far a build of the tables is ({@code "folded of all"}), or null when they are ready
 * @param chart    its events per day, by type
 */
public record Detail(ConnectionReport report, ConnectionView view, List<EventRecord> latest, Long sent,
                     List<Preview> tables, String building, Chart chart) {
    /** The tables its page offers to download, in this order. */
    public static final List<String> DOWNLOADABLE = Dataset.shownValues().stream().map(Dataset::apiName).toList();

    public Connection connection() {
        return report.connection();
    }

    public long stored() {
        return report.counts().get(Outcome.STORED);
    }

    public String webhookUrl() {
        return webhookUrl(connection().webhookKey());
    }

    /** The webhook URL with {@code key}: the current one or one rotated out. */
    public String webhookUrl(String key) {
        return view.webhookUrl(connection(), key);
    }

    public String dataUrl() {
        return view.dataUrl(connection());
    }

    public List<ConnectionReport.RetiredKey> retiredKeys() {
        return report.retiredKeys();
    }
}
