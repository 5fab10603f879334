package io.jivohub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections' answers for the agent ({@link AgentAnswer}), one per connection at most. Its signing secret is
 * made with the answer and kept when the answer is changed, so that the responder need not learn a new one.
 *
 * <p>Every {@code chat_accepted} and {@code chat_updated} asks for its connection's answer before Jivo is answered,
 * so {@link #forEvent} remembers what it found (an answer, or none) for {@link #REMEMBER}, as {@link Connections}
 * does for webhook keys: without that, each chat event waited for a store-pool thread and a query (about 50 µs of
 * CPU and two thread wake-ups each on two busy cores). This instance's own changes are seen at once; another
 * instance's within {@link #REMEMBER}.
 *
 * <p>Writes go through the {@link EventWriter} (see {@link Destinations} for why). Thread-safe.
 */
public final class AgentAnswers {
    /** How long {@link #forEvent} trusts what it found before it asks the database again. */
    static final Duration REMEMBER = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private record Remembered(Optional<AgentAnswer> answer, long untilMillis) {
    }

    private final EventWriter writer;
    private final StorePool pool;
    private final Map<Long, Remembered> byConnection = new ConcurrentHashMap<>();

    AgentAnswers(EventWriter writer, StorePool pool) {
        this.writer = writer;
        this.pool = pool;
    }

    /**
     * Sets connection {@code connectionId}'s answer; {@code secret} signs for it unless it had an answer before.
     *
     * @return the answer as it is now
     */
    public AgentAnswer put(long connectionId, String staticAnswer, String responderUrl, Duration responderTimeout,
                           String secret, long now) {
        writer.run(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO agent_answers (connection_id,"
                    + " static_answer, responder_url, responder_timeout_ms, secret, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (connection_id) DO UPDATE SET"
                    + " static_answer = excluded.static_answer, responder_url = excluded.responder_url,"
                    + " responder_timeout_ms = excluded.responder_timeout_ms, updated_at = excluded.updated_at")) {
                upsert.setLong(1, connectionId);
                upsert.setString(2, staticAnswer);
                upsert.setString(3, responderUrl);
                upsert.setInt(4, Math.toIntExact(responderTimeout.toMillis()));
                upsert.setString(5, secret);
                upsert.setLong(6, now);
                return upsert.executeUpdate();
            }
        }, TIMEOUT);
        byConnection.remove(connectionId);
        return of(connectionId).orElseThrow();
    }

    /** Connection {@code connectionId}'s answer, if it has one. */
    public Optional<AgentAnswer> of(long connectionId) {
        return pool.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT static_answer, responder_url,"
                    + " responder_timeout_ms, secret, updated_at FROM agent_answers WHERE connection_id = ?")) {
                select.setLong(1, connectionId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new AgentAnswer(connectionId, row.getString(1), row.getString(2),
                            Duration.ofMillis(row.getInt(3)), row.getString(4), row.getLong(5))) : Optional.empty();
                }
            }
        }, TIMEOUT);
    }

    /** Connection {@code connectionId}'s answer for one of its events: what was found within {@link #REMEMBER}. */
    public Optional<AgentAnswer> forEvent(long connectionId) {
        long now = System.currentTimeMillis();
        Remembered known = byConnection.get(connectionId);
        if (known != null && now < known.untilMillis()) {
            return known.answer();
        }
        Optional<AgentAnswer> answer = of(connectionId);
        byConnection.put(connectionId, new Remembered(answer, now + REMEMBER.toMillis()));
        return answer;
    }

    /** Removes connection {@code connectionId}'s answer. @return whether it had one */
    public boolean delete(long connectionId) {
        boolean had = writer.run(connection -> forgetConnection(connection, connectionId), TIMEOUT) > 0;
        byConnection.remove(connectionId);
        return had;
    }

    /** Removes connection {@code connectionId}'s answer in {@code connection}'s work. */
    static int forgetConnection(Connection connection, long connectionId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM agent_answers WHERE connection_id = ?")) {
            delete.setLong(1, connectionId);
            return delete.executeUpdate();
        }
    }
}
