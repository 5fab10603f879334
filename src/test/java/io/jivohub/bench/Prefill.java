package io.jivohub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import io.jivohub.store.EventInsert;
import io.jivohub.store.NewEvent;
import io.jivohub.store.Outcome;

/**
 * Stores events straight into a SQLite store, as if they had been posted, through the store's own
 * {@link EventInsert}: several times faster than posting them.
 *
 * <p>Nothing is at stake while it runs, so SQLite does not wait for the disk ({@code synchronous = OFF}), and
 * each transaction stores {@value #EVENTS_PER_TRANSACTION} events. The insert's {@code RETURNING} buffers its rows
 * in a temporary table; kept in memory ({@code temp_store = MEMORY}) instead of a temporary file, the prefill
 * takes about a third less time.
 */
final class Prefill {
    private static final int EVENTS_PER_TRANSACTION = 10_000;
    /** The client number of the bodies stored: negative, so no load generator posts one of them again. */
    private static final long CLIENT = -1;

    private Prefill() {
    }

    /** Stores {@code count} unique chat_accepted events for {@code account}, connected before, into {@code db}. */
    static void fill(String db, String account, int count) throws SQLException {
        spread(db, List.of(account), count, Duration.ZERO);
    }

    /**
     * Stores {@code count} unique chat_accepted events into {@code db} for {@code accounts}, connected before, in
     * turn, received over the {@code period} up to now; and what the writer keeps beside events for the dashboard:
     * each connection's stored count and last event, and its events per hour.
     */
    static void spread(String db, List<String> accounts, int count, Duration period) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA synchronous = OFF");
            statement.execute("PRAGMA temp_store = MEMORY");
            connection.setAutoCommit(false);
            List<Connected> connected = new ArrayList<>();
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT id, webhook_key FROM connections WHERE account_name = ?")) {
                for (String account : accounts) {
                    find.setString(1, account);
                    try (ResultSet row = find.executeQuery()) {
                        if (!row.next()) {
                            throw new IllegalStateException("no connection for " + account + " in " + db);
                        }
                        connected.add(new Connected(row.getLong(1), row.getString(2)));
                    }
                }
            }
            EventInsert insert = new EventInsert(connection);
            long now = System.currentTimeMillis();
            long transactions = (count + EVENTS_PER_TRANSACTION - 1) / EVENTS_PER_TRANSACTION;
            for (long from = 0; from < count; from += EVENTS_PER_TRANSACTION) {
                List<NewEvent> events = LongStream.range(from, Math.min(count, from + EVENTS_PER_TRANSACTION))
                        .mapToObj(n -> {
                            Connected to = connected.get((int) (n % connected.size()));
                            return NewEvent.of(to.id(), to.webhookKey(), "chat_accepted", Payload.chatId(CLIENT, n),
                                    List.of(), Payload.body(CLIENT, n));
                        })
                        .toList();
                long transaction = from / EVENTS_PER_TRANSACTION;
                insert.insert(events, now - period.toMillis() + period.toMillis() * (transaction + 1) / transactions);
                connection.commit();
            }
            // as the writer keeps them with each batch, and migration V5 filled them once
            statement.execute("UPDATE connections SET " + Outcome.STORED.column() + " = (SELECT count(*) FROM events"
                    + " WHERE connection_id = connections.id), last_event_at = (SELECT max(received_at) FROM events"
                    + " WHERE connection_id = connections.id)");
            statement.execute("INSERT INTO event_hours (connection_id, hour, event_name, events)"
                    + " SELECT connection_id, received_at / 3600000, event_name, count(*) FROM events"
                    + " GROUP BY connection_id, received_at / 3600000, event_name");
            connection.commit();
        }
    }

    private record Connected(long id, String webhookKey) {
    }
}
