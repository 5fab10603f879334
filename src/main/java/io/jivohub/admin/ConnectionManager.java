package io.jivohub.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.jivohub.keys.Keys;
import io.jivohub.store.Connection;
import io.jivohub.store.ConnectionReport;
import io.jivohub.store.Connections;
import io.jivohub.store.Deletions;
import io.jivohub.store.EventQuery;
import io.jivohub.store.EventRecord;
import io.jivohub.store.EventTypes;
import io.jivohub.store.Events;
import io.jivohub.store.Received;
import io.jivohub.store.TableRows;
import io.jivohub.tables.Projector;
import io.jivohub.web.Endpoint;

/**
 * The rules of managing connections, whichever way a request comes in: get_key, the JSON admin API and the
 * dashboard call these methods (the dashboard only lists, for now), so they refuse the same things with the same
 * words ({@link Refusal}).
 *
 * <ul>
 *   <li>A connection is made per {@link AccountName} and event type; asking again returns the same one. A revoked
 *       one is not handed out again until it is deleted.</li>
 *   <li>Revoking is idempotent. Rotating a URL needs an active connection: a missing one is not found, a revoked
 *       one is a conflict.</li>
 *   <li>Deleting revokes first, so nothing new arrives while the events are deleted chunk by chunk.</li>
 *   <li>Erasure scans every stored event a page at a time and deletes the visitor's ({@link Visitor}).</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class ConnectionManager {
    /** The hours a rotated-out webhook URL keeps working, unless asked otherwise. */
    static final int DEFAULT_OVERLAP_HOURS = 24;
    static final int MAX_OVERLAP_HOURS = 24 * 90;
    /** The longest a connection may be quiet before it counts as silent: a year. */
    static final int MAX_SILENT_HOURS = 8760;
    private static final int ERASURE_PAGE = 1000;

    private final Connections connections;
    private final Events events;
    private final Deletions deletions;
    private final TableRows tableRows;

    public ConnectionManager(Connections connections, Events events, Deletions deletions, TableRows tableRows) {
        this.connections = connections;
        this.events = events;
        this.deletions = deletions;
        this.tableRows = tableRows;
    }

    /** The event types a connection can capture, in words: Jivo's types or {@code all}. */
    public static String connectableTypes() {
        return String.join(", ", EventTypes.JIVO) + " or " + Connection.ALL_EVENTS;
    }

    /**
     * The connection of {@code accountName} and {@code eventName}, made now or before.
     *
     * @throws Refusal INVALID for an event type no connection can capture; CONFLICT when that connection is revoked
     */
    public Connections.Result connect(AccountName accountName, String eventName) {
        if (!EventTypes.isConnectable(eventName)) {
            throw Refusal.invalid("event_name must be one of " + connectableTypes());
        }
        Connections.Result result = connections.createOrGet(accountName.text(), eventName, Keys.newKey(),
                Keys.newKey(), System.currentTimeMillis());
        Connection connection = result.connection();
        if (connection.revoked()) {
            throw new Refusal(Refusal.Kind.CONFLICT, "the connection of this account_name and event_name is revoked;"
                    + " delete it (DELETE " + Endpoint.ADMIN_CONNECTIONS.path() + "/" + connection.id()
                    + ") to make a new one");
        }
        return result;
    }

    /** Every connection, oldest first. */
    public List<ConnectionReport> reports() {
        return connections.reports();
    }

    /** @throws Refusal NOT_FOUND */
    public ConnectionReport report(long id) {
        return connections.report(id)
                .orElseThrow(() -> new Refusal(Refusal.Kind.NOT_FOUND, "no connection with id " + id));
    }

    /**
     * Revokes connection {@code id}: both URLs answer 404 from now on, on every instance; the events stay. Revoking a
     * revoked connection changes nothing.
     *
     * @throws Refusal NOT_FOUND
     */
    public ConnectionReport revoke(long id) {
        connections.revoke(id, System.currentTimeMillis());
        return report(id);
    }

    /**
     * Gives connection {@code id} a new webhook URL; the old one keeps working for {@code overlapHours} (none when
     * 0), time to change it in Jivo.
     *
     * @param overlapHours the overlap as given (a query or a form): nothing for {@value #DEFAULT_OVERLAP_HOURS}
     *                     hours, else one whole number from 0 to {@value #MAX_OVERLAP_HOURS}
     * @throws Refusal INVALID for any other overlap; NOT_FOUND; CONFLICT when revoked
     */
    public ConnectionReport rotateWebhookUrl(long id, List<String> overlapHours) {
        Duration overlap = Duration.ofHours(overlapHours.isEmpty() ? DEFAULT_OVERLAP_HOURS : hours(overlapHours));
        return changeActive(id, () -> connections.rotateWebhookKey(id, Keys.newKey(), System.currentTimeMillis(),
                overlap));
    }

    private static long hours(List<String> given) {
        try {
            long hours = given.size() == 1 ? Long.parseLong(given.getFirst()) : -1;
            if (hours >= 0 && hours <= MAX_OVERLAP_HOURS) {
                return hours;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.invalid("overlap_hours must be one whole number from 0 to " + MAX_OVERLAP_HOURS);
    }

    /**
     * Sets after how many hours without an event connection {@code id} counts as silent (the dashboard marks it).
     *
     * @param hours as given (a form): one whole number from 1 to {@value #MAX_SILENT_HOURS}
     * @throws Refusal INVALID for any other; NOT_FOUND
     */
    public ConnectionReport setSilentAfterHours(long id, String hours) {
        int parsed;
        try {
            parsed = Integer.parseInt(hours == null ? "" : hours.strip());
        } catch (NumberFormatException e) {
            parsed = 0;
        }
        if (parsed < 1 || parsed > MAX_SILENT_HOURS) {
            throw Refusal.invalid("silent_after_hours must be one whole number from 1 to " + MAX_SILENT_HOURS);
        }
        if (!connections.setSilentAfterHours(id, parsed)) {
            throw new Refusal(Refusal.Kind.NOT_FOUND, "no connection with id " + id);
        }
        return report(id);
    }

    /**
     * Gives connection {@code id} a new data URL; the old one stops working at once.
     *
     * @throws Refusal NOT_FOUND; CONFLICT when revoked
     */
    public ConnectionReport rotateDataUrl(long id) {
        return changeActive(id, () -> connections.rotateReadKey(id, Keys.newKey(), System.currentTimeMillis()));
    }

    /**
     * Deletes connection {@code id} and all its events, revoking it first so that nothing new arrives meanwhile.
     * Afterwards get_key may make the connection anew.
     *
     * @return the number of events deleted
     * @throws Refusal NOT_FOUND
     */
    public long delete(long id) {
        report(id);
        connections.revoke(id, System.currentTimeMillis());
        return deletions.deleteConnection(id);
    }

    /**
     * What an erasure did.
     *
     * @param scannedEvents the events looked at: every event stored when it began
     * @param deletedEvents the visitor's events, now deleted
     */
    public record Erasure(long scannedEvents, long deletedEvents) {
    }

    /**
     * Deletes every stored event of {@code visitor}, of every connection, then turns the rows of the Jivo tables
     * those events folded into (their chats, messages, calls, offline messages, visitors) into tombstones. Events arriving
     * meanwhile are not looked at.
     */
    public Erasure erase(Visitor visitor) {
        record Scan(List<EventRecord> found, int size, long lastId, boolean more) {
        }
        List<EventRecord> theirs = new ArrayList<>();
        long scanned = 0;
        long after = 0;
        boolean more = true;
        while (more) {
            Scan scan = events.page(new EventQuery(null, null, Received.ANY, after, ERASURE_PAGE), page -> {
                List<EventRecord> found = page.events().stream().filter(event -> visitor.owns(event.body()))
                        .toList();
                long last = page.events().isEmpty() ? 0 : page.events().getLast().id();
                return new Scan(found, page.events().size(), last, page.more());
            });
            theirs.addAll(scan.found());
            scanned += scan.size();
            after = scan.lastId();
            more = scan.more();
        }
        long deleted = deletions.deleteEvents(theirs.stream().map(EventRecord::id).toList());
        Projector.forget(tableRows, theirs);
        return new Erasure(scanned, deleted);
    }

    /**
     * Makes {@code change} to active connection {@code id}; {@code change} says whether an active connection took
     * it. Otherwise: not found when there is no such connection, a conflict when it is revoked.
     */
    private ConnectionReport changeActive(long id, BooleanSupplier change) {
        if (!change.getAsBoolean()) {
            report(id);
            throw new Refusal(Refusal.Kind.CONFLICT, "connection " + id + " is revoked; its URLs cannot change");
        }
        return report(id);
    }

}
