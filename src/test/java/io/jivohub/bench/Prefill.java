package io.jivohub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.LongStream;

import io.jivohub.store.EventInsert;
import io.jivohub.store.NewEvent;

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
        try (Connection connection = DriverManager.getConnection(db);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA synchronous = OFF");
            statement.execute("PRAGMA temp_store = MEMORY");
            connection.setAutoCommit(false);
            long connectionId;
            String webhookKey;
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT id, webhook_key FROM connections WHERE account_name = ?")) {
                find.setString(1, account);
                try (ResultSet row = find.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("no connection for " + account + " in " + db);
                    }
                    connectionId = row.getLong(1);
                    webhookKey = row.getString(2);
                }
            }
            EventInsert insert = new EventInsert(connection);
            long receivedAt = System.currentTimeMillis();
            for (long from = 0; from < count; from += EVENTS_PER_TRANSACTION) {
                List<NewEvent> events = LongStream.range(from, Math.min(count, from + EVENTS_PER_TRANSACTION))
                        .mapToObj(n -> NewEvent.of(connectionId, webhookKey, "chat_accepted",
                                Payload.chatId(CLIENT, n), List.of(), Payload.body(CLIENT, n)))
                        .toList();
                insert.insert(events, receivedAt);
                connection.commit();
            }
        }
    }
}
