package io.jivohub.ui;

import java.util.List;
import java.util.stream.Stream;

import io.jivohub.admin.ConnectionView;
import io.jivohub.store.Connection;
import io.jivohub.store.ConnectionReport;
import io.jivohub.store.EventPage;
import io.jivohub.store.EventTypes;
import io.jivohub.store.Outcome;
import io.jivohub.tables.Dataset;

/**
 * One connection as its page shows it: its report, its URLs, and its newest events. Immutable.
 *
 * @param selection the days and the type the reader chose to see
 * @param latest   its newest events of those, newest first
 * @param sent     the id of the test event just sent, or null
 * @param tables   its Jivo tables' rows that changed last; empty while the tables are being built
 * @param building how far a build of the tables is ({@code "folded of all"}), or null when they are ready
 * @param chart    its events per day, by type
 * @param destinations where its events are forwarded to
 */
public record Detail(ConnectionReport report, ConnectionView view, Selection selection, EventPage latest, Long sent,
                     List<Preview> tables, String building, Chart chart, List<Forwarded> destinations) {
    /** The tables its page offers to download, in this order. */
    public static final List<String> DOWNLOADABLE = Dataset.shownValues().stream().map(Dataset::apiName).toList();

    public Connection connection() {
        return report.connection();
    }

    /** The id to ask for the events before those shown with, or null when there are none. */
    public Long olderEvents() {
        return latest.more() ? latest.events().getLast().id() : null;
    }

    /** The query of a link to the older rows of {@code list} ({@code chats}, {@code events}), keeping the selection. */
    public String older(String list, long before) {
        String query = selection.query();
        return (query.isEmpty() ? "" : query + "&") + list + "_before=" + before + "#" + list;
    }

    /** Whether it captures every type of event, so that its events can be shown by type. */
    public boolean capturesAll() {
        return Connection.ALL_EVENTS.equals(connection().eventName());
    }

    /** The types its events can be shown by: Jivo's, and any other one chosen. */
    public List<String> eventTypes() {
        return selection.type() == null || EventTypes.JIVO.contains(selection.type()) ? EventTypes.JIVO
                : Stream.concat(EventTypes.JIVO.stream(), Stream.of(selection.type())).toList();
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
