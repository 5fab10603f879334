package io.jivohub.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;

/**
 * How one batch of events is committed, on the single write connection it keeps between batches (see
 * {@link GroupCommit} for how batches form). In one transaction:
 *
 * <ol>
 *   <li>the dialect's commit-order lock, so that ids become visible in id order even with several instances
 *       ({@link Dialect#lockCommitOrder});</li>
 *   <li>the key check: per connection and key in the batch, an {@code UPDATE} of the connection that matches only
 *       if the key is valid right now ({@link ValidKey}). It takes the connection's row lock, so a revocation
 *       waits for a batch in flight and every later batch sees it: no event is stored, and none answered 200,
 *       after a revocation has been answered. Events whose key failed are left out ({@link UnknownKeyException});</li>
 *   <li>the insert, deduplicated by the database's unique key ({@link EventInsert}); a body twice in one batch is
 *       inserted once and its second request answered as a retry;</li>
 *   <li>the columns the new events bring that their connection's type did not have ({@link ColumnRecorder}), and
 *       their counts by hour ({@link EventHours});</li>
 *   <li>the counters: the batch's outcomes, plus the {@link Tallies} of events answered without being stored
 *       (ignored, rejected), added to the connections' counts by {@link Outcome}.</li>
 * </ol>
 *
 * <p>{@code received_at} is the batch's time, never earlier than the previous batch's, so within one instance it
 * never decreases with the id even if the wall clock steps back.
 *
 * <p>After a failure the connection is thrown away instead of going back to the pool: after some errors (SQLite's
 * full disk) the driver believes a transaction is open that the database already rolled back, and every later
 * commit on that connection would fail. The next batch gets a fresh one.
 *
 * <p>Not thread-safe: only the group commit's thread uses it, except {@link #tally}, which any thread may call.
 */
final class BatchTransaction implements GroupCommit.Committer<NewEvent, StoredEvent>, AutoCloseable {
    private static final Logger LOG = System.getLogger(BatchTransaction.class.getName());
    /** Touches the connection (taking its row lock) only if the key the event came with is valid right now. */
    private static final String CHECK_KEY = "UPDATE connections SET last_event_at = ? WHERE id = ? AND "
            + ValidKey.CONDITION;
    private static final String ADD_COUNTS = "UPDATE connections SET "
            + Stream.of(Outcome.values()).map(outcome -> outcome.column() + " = " + outcome.column() + " + ?")
                    .collect(Collectors.joining(", "))
            + " WHERE id = ?";

    /** The webhook key an event came with, for its connection. */
    private record KeyUse(long connectionId, ByteBuffer keyHash) {
        static KeyUse of(NewEvent event) {
            return new KeyUse(event.connectionId(), ByteBuffer.wrap(event.keyHash()));
        }
    }

    /** The write connection with its statements, prepared once; made again on a fresh connection after a failure. */
    private record Statements(Connection connection, EventInsert insert, PreparedStatement check,
                              PreparedStatement addCounts, ColumnRecorder.Statements columns,
                              PreparedStatement addHours) {
        static Statements prepare(Connection connection) throws SQLException {
            connection.setAutoCommit(false);
            return new Statements(connection, new EventInsert(connection), connection.prepareStatement(CHECK_KEY),
                    connection.prepareStatement(ADD_COUNTS), ColumnRecorder.Statements.prepare(connection),
                    connection.prepareStatement(EventHours.ADD));
        }
    }

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final Clock clock;
    private final Tallies tallies = new Tallies();
    private final ColumnRecorder columns = new ColumnRecorder();
    private long lastReceivedAt;
    private Statements statements;

    /** @param lastReceivedAt the newest stored event's time, which no batch goes back behind */
    BatchTransaction(HikariDataSource dataSource, Dialect dialect, Clock clock, long lastReceivedAt) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
        this.lastReceivedAt = lastReceivedAt;
    }

    /** Counts an event of {@code connectionId} answered without being stored; it is committed with a later batch. */
    void tally(long connectionId, Outcome outcome) {
        tallies.add(connectionId, outcome, 1);
    }

    @Override
    public boolean hasIdleWork() {
        return !tallies.isEmpty();
    }

    /** @throws StoreUnavailableException when nothing of the batch was committed */
    @Override
    public List<GroupCommit.Answer<StoredEvent>> commit(List<NewEvent> batch) {
        long receivedAt = Math.max(clock.millis(), lastReceivedAt);
        Map<Long, long[]> counts = tallies.drain();
        Set<KeyUse> invalidKeys;
        List<StoredEvent> stored;
        try {
            Statements current = statements();
            try {
                dialect.lockCommitOrder(current.connection());
                invalidKeys = invalidKeys(current.check(), batch, receivedAt);
                List<NewEvent> accepted = invalidKeys.isEmpty() ? batch
                        : batch.stream().filter(event -> !invalidKeys.contains(KeyUse.of(event))).toList();
                stored = insert(current.insert(), accepted, receivedAt);
                recordColumns(current.columns(), accepted, stored);
                EventHours.add(current.addHours(), accepted, stored, receivedAt);
                addCounts(current.addCounts(), counts, accepted, stored);
                current.connection().commit();
                columns.committed();
            } catch (SQLException | RuntimeException e) {
                columns.rolledBack();
                Transactions.rollBack(current.connection(), e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not commit " + batch.size() + " events: " + e.getMessage());
            discardConnection();
            tallies.restore(counts);
            throw new StoreUnavailableException("the store failed: " + e.getMessage(), e);
        }
        lastReceivedAt = receivedAt;
        return answers(batch, invalidKeys, stored);
    }

    /**
     * Runs {@code work} in a transaction of its own on the write connection: committed when it returns, rolled back
     * when it throws.
     *
     * @throws StoreUnavailableException when the database failed
     */
    <T> T runAlone(SqlWork<T> work) {
        try {
            Statements current = statements();
            try {
                T value = work.run(current.connection());
                current.connection().commit();
                return value;
            } catch (SQLException | RuntimeException e) {
                Transactions.rollBack(current.connection(), e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            discardConnection();
            throw e instanceof RuntimeException runtime ? runtime
                    : new StoreUnavailableException("the store failed: " + e.getMessage(), e);
        }
    }

    /** The batch's webhook keys that are no longer valid; every valid one's connection row is now locked. */
    private static Set<KeyUse> invalidKeys(PreparedStatement check, List<NewEvent> batch, long now)
            throws SQLException {
        Set<KeyUse> invalid = new HashSet<>();
        Set<KeyUse> checked = new HashSet<>();
        for (NewEvent event : batch) {
            KeyUse use = KeyUse.of(event);
            if (checked.add(use)) {
                check.setLong(1, now);
                check.setLong(2, use.connectionId());
                ValidKey.bind(check, 3, event.keyHash(), now);
                if (check.executeUpdate() == 0) {
                    invalid.add(use);
                }
            }
        }
        return invalid;
    }

    /**
     * Inserts the distinct events of {@code accepted}; answers each of them in order. The first request for a body
     * gets what the database said; another one in the same batch is a retry.
     */
    private static List<StoredEvent> insert(EventInsert insert, List<NewEvent> accepted, long receivedAt)
            throws SQLException {
        Map<EventInsert.Key, NewEvent> distinct = new LinkedHashMap<>();
        accepted.forEach(event -> distinct.putIfAbsent(EventInsert.Key.of(event), event));
        List<NewEvent> first = List.copyOf(distinct.values());
        List<StoredEvent> inserted = insert.insert(first, receivedAt);
        Map<EventInsert.Key, StoredEvent> byKey = new LinkedHashMap<>();
        for (int i = 0; i < first.size(); i++) {
            byKey.put(EventInsert.Key.of(first.get(i)), inserted.get(i));
        }
        Set<EventInsert.Key> answered = new HashSet<>();
        List<StoredEvent> answers = new ArrayList<>(accepted.size());
        for (NewEvent event : accepted) {
            EventInsert.Key key = EventInsert.Key.of(event);
            StoredEvent stored = byKey.get(key);
            answers.add(answered.add(key) ? stored : new StoredEvent(stored.id(), stored.receivedAt(), true));
        }
        return answers;
    }

    /** Adds the columns the newly stored events bring to {@link EventColumns}. */
    private void recordColumns(ColumnRecorder.Statements statements, List<NewEvent> accepted,
                               List<StoredEvent> stored) throws SQLException {
        for (int i = 0; i < accepted.size(); i++) {
            NewEvent event = accepted.get(i);
            if (!stored.get(i).duplicate()) {
                columns.record(statements, event.connectionId(), event.eventName(), stored.get(i).id(),
                        event.columns());
            }
        }
    }

    /** Adds the batch's outcomes to {@code counts}, then {@code counts} to the connections. */
    private static void addCounts(PreparedStatement add, Map<Long, long[]> counts, List<NewEvent> accepted,
                                  List<StoredEvent> stored) throws SQLException {
        for (int i = 0; i < accepted.size(); i++) {
            Outcome outcome = stored.get(i).duplicate() ? Outcome.DUPLICATE : Outcome.STORED;
            counts.computeIfAbsent(accepted.get(i).connectionId(),
                    id -> new long[Outcome.values().length])[outcome.ordinal()]++;
        }
        for (Map.Entry<Long, long[]> connection : counts.entrySet()) {
            int parameter = 1;
            for (Outcome outcome : Outcome.values()) {
                add.setLong(parameter++, connection.getValue()[outcome.ordinal()]);
            }
            add.setLong(parameter, connection.getKey());
            add.executeUpdate();
        }
    }

    /** The answer for each request of {@code batch}, in order; {@code stored} answers the accepted ones. */
    private static List<GroupCommit.Answer<StoredEvent>> answers(List<NewEvent> batch, Set<KeyUse> invalidKeys,
                                                                 List<StoredEvent> stored) {
        List<GroupCommit.Answer<StoredEvent>> answers = new ArrayList<>(batch.size());
        UnknownKeyException unknown = invalidKeys.isEmpty() ? null : new UnknownKeyException();
        int next = 0;
        for (NewEvent event : batch) {
            answers.add(unknown != null && invalidKeys.contains(KeyUse.of(event))
                    ? GroupCommit.Answer.refused(unknown) : GroupCommit.Answer.of(stored.get(next++)));
        }
        return answers;
    }

    private Statements statements() throws SQLException {
        if (statements == null) {
            Connection connection = dataSource.getConnection();
            try {
                statements = Statements.prepare(connection);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return statements;
    }

    private void discardConnection() {
        if (statements != null) {
            dataSource.evictConnection(statements.connection());
            statements = null;
        }
    }

    /** Closes the write connection, and its statements with it. */
    @Override
    public void close() {
        if (statements != null) {
            try {
                statements.connection().close();
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "closing the writer's connection failed: " + e.getMessage());
            }
            statements = null;
        }
    }
}
