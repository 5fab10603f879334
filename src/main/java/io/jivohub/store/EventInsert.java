package io.jivohub.store;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way events get into the {@code events} table, with its statements prepared once on one connection:
 * {@code INSERT … ON CONFLICT (connection_id, body_hash) DO NOTHING RETURNING}, {@value #ROWS_PER_INSERT} rows at
 * a time (one round trip to PostgreSQL for many rows) and the rest one by one, so only two insert statements ever
 * exist. Preparing a statement costs SQLite about as much as inserting a dozen rows.
 *
 * <p>A body that comes back without a row was stored before for the same connection (a retry): the unique key
 * decided, not a check before the insert, so it holds across batches, restarts and instances. Its stored id and
 * time are read back instead.
 *
 * <p>The writer's batches use it; so do tools that fill a store directly (the benchmark). It runs inside the
 * caller's transaction and never commits. Not thread-safe, like the connection it works on.
 */
public final class EventInsert {
    /** Rows per multi-row INSERT; 6 parameters each stays far below every driver's limit. */
    private static final int ROWS_PER_INSERT = 16;
    private static final String FIND_STORED =
            "SELECT id, received_at FROM events WHERE connection_id = ? AND body_hash = ?";

    /** An event's identity for deduplication: its connection and body hash. */
    record Key(long connectionId, ByteBuffer bodyHash) {
        static Key of(NewEvent event) {
            return new Key(event.connectionId(), ByteBuffer.wrap(event.bodyHash()));
        }
    }

    private final PreparedStatement insertMany;
    private final PreparedStatement insertOne;
    private final PreparedStatement find;

    /** Prepares the statements on {@code connection}; they close with it. */
    public EventInsert(Connection connection) throws SQLException {
        this.insertMany = connection.prepareStatement(insertSql(ROWS_PER_INSERT));
        this.insertOne = connection.prepareStatement(insertSql(1));
        this.find = connection.prepareStatement(FIND_STORED);
    }

    /**
     * Inserts {@code events}, all received at {@code receivedAt}, no two of them with the same connection and body.
     *
     * @return for each event, in order, the event as stored: new, or stored before ({@link StoredEvent#duplicate()})
     */
    public List<StoredEvent> insert(List<NewEvent> events, long receivedAt) throws SQLException {
        Map<Key, StoredEvent> stored = new HashMap<>();
        int from = 0;
        for (; from + ROWS_PER_INSERT <= events.size(); from += ROWS_PER_INSERT) {
            insert(insertMany, events.subList(from, from + ROWS_PER_INSERT), receivedAt, stored);
        }
        for (; from < events.size(); from++) {
            insert(insertOne, events.subList(from, from + 1), receivedAt, stored);
        }
        List<StoredEvent> answers = new ArrayList<>(events.size());
        for (NewEvent event : events) {
            StoredEvent inserted = stored.get(Key.of(event));
            answers.add(inserted != null ? inserted : findStored(event));
        }
        return answers;
    }

    private static void insert(PreparedStatement insert, List<NewEvent> rows, long receivedAt,
                               Map<Key, StoredEvent> stored) throws SQLException {
        int parameter = 1;
        for (NewEvent event : rows) {
            insert.setLong(parameter++, event.connectionId());
            insert.setString(parameter++, event.eventName());
            insert.setLong(parameter++, receivedAt);
            insert.setString(parameter++, event.chatId());
            insert.setBytes(parameter++, event.bodyHash());
            insert.setBytes(parameter++, event.body());
        }
        try (ResultSet inserted = insert.executeQuery()) {
            while (inserted.next()) {
                stored.put(new Key(inserted.getLong(2), ByteBuffer.wrap(inserted.getBytes(3))),
                        new StoredEvent(inserted.getLong(1), receivedAt, false));
            }
        }
    }

    private static String insertSql(int rows) {
        return "INSERT INTO events (connection_id, event_name, received_at, chat_id, body_hash, body) VALUES "
                + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?)"))
                + " ON CONFLICT (connection_id, body_hash) DO NOTHING RETURNING id, connection_id, body_hash";
    }

    /** The event stored before with the same connection and body: this write is a retry. */
    private StoredEvent findStored(NewEvent event) throws SQLException {
        find.setLong(1, event.connectionId());
        find.setBytes(2, event.bodyHash());
        try (ResultSet existing = find.executeQuery()) {
            if (!existing.next()) {
                throw new SQLException("event neither inserted nor found");
            }
            return new StoredEvent(existing.getLong(1), existing.getLong(2), true);
        }
    }
}
