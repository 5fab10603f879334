package io.jivohub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds the columns events bring to {@link EventColumns}, inside the transaction that stores the events.
 *
 * <p>Why it remembers: nearly every event brings only columns its connection's events of that type brought before,
 * and finding that out must cost a few hash lookups, not a query. Per connection and type it remembers the names
 * already committed, loaded from the database the first time the type is seen in this process; names added by a
 * transaction join them only once it commits. All it remembers together stays below {@value #MAX_REMEMBERED}
 * names: past that it forgets everything, and loads again on the next sight of each type.
 *
 * <p>A connection's type takes at most {@value EventColumns#MAX_PER_TYPE} columns, and one more that tells readers
 * there were more: a sender inventing names cannot grow the catalog, or a file's header, without bound.
 *
 * <p>Not thread-safe: the writer's thread uses it, in the writer's transactions.
 */
final class ColumnRecorder {
    private static final int MAX_REMEMBERED = 200_000;
    private static final String LOAD = "SELECT name FROM event_columns WHERE connection_id = ? AND event_name = ?"
            + " LIMIT " + (EventColumns.MAX_PER_TYPE + 1);

    /** A connection's events of one type. */
    private record Type(long connectionId, String eventName) {
    }

    /** The statements on one connection, prepared once. */
    record Statements(PreparedStatement load, PreparedStatement insert) {
        static Statements prepare(Connection connection) throws SQLException {
            return new Statements(connection.prepareStatement(LOAD), connection.prepareStatement(EventColumns.ADD));
        }
    }

    private final Map<Type, Set<String>> committed = new HashMap<>();
    private final Map<Type, Set<String>> added = new HashMap<>();
    private int remembered;

    /** Adds the columns of event {@code eventId} that its connection's type does not have yet. */
    void record(Statements statements, long connectionId, String eventName, long eventId, List<String> columns)
            throws SQLException {
        Type type = new Type(connectionId, eventName);
        Set<String> known = committed.get(type);
        if (known == null) {
            known = load(statements.load(), type);
            committed.put(type, known);
            remembered += known.size();
        }
        Set<String> adding = added.get(type);
        for (int place = 0; place < columns.size(); place++) {
            String name = columns.get(place);
            if (known.contains(name) || (adding != null && adding.contains(name))) {
                continue;
            }
            if (known.size() + (adding == null ? 0 : adding.size()) > EventColumns.MAX_PER_TYPE) {
                return;
            }
            PreparedStatement insert = statements.insert();
            insert.setLong(1, connectionId);
            insert.setString(2, eventName);
            insert.setString(3, name);
            insert.setLong(4, eventId);
            insert.setInt(5, place);
            insert.executeUpdate();
            if (adding == null) {
                adding = new LinkedHashSet<>();
                added.put(type, adding);
            }
            adding.add(name);
        }
    }

    /** The transaction committed: what it added is known from now on. */
    void committed() {
        added.forEach((type, names) -> {
            Set<String> known = committed.get(type);
            if (known != null) {
                known.addAll(names);
                remembered += names.size();
            }
        });
        added.clear();
        if (remembered > MAX_REMEMBERED) {
            committed.clear();
            remembered = 0;
        }
    }

    /** The transaction rolled back: what it added is not there. */
    void rolledBack() {
        added.clear();
    }

    private static Set<String> load(PreparedStatement load, Type type) throws SQLException {
        load.setLong(1, type.connectionId());
        load.setString(2, type.eventName());
        Set<String> names = new LinkedHashSet<>();
        try (ResultSet rows = load.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
