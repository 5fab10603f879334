package io.jivohub.tables;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.jivohub.json.Json;
import io.jivohub.keys.Sha256;
import io.jivohub.store.CommitSignal;
import io.jivohub.store.EventRecord;
import io.jivohub.store.Projection;
import io.jivohub.store.RowKey;
import io.jivohub.store.StoreUnavailableException;
import io.jivohub.store.TableRow;
import io.jivohub.store.TableRows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Folds committed events into the Jivo tables, on a thread of its own, so that ingest never waits for it.
 *
 * <p>It follows the event id cursor, which is complete (no event ever commits behind it): it reads the events
 * after its position, a chunk at a time, reads the rows they fold into, folds them in id order and commits the
 * changed rows together with its new position (see {@link Projection}: a compare-and-set, so that a crash loses
 * nothing and folds nothing twice, and several instances on one database never fold the same event twice; the
 * one whose commit comes second reads again). It wakes when this instance commits an event, and otherwise looks
 * again every {@link #POLL}, for events other instances commit. Several instances on one database fold one at a
 * time: the one holding the lease in {@code projection} ({@link #LEASE}, renewed as it goes); the others take over
 * when it stops or its lease runs out.
 *
 * <p>The tables are built by the rules of {@link #RULES_VERSION}. At start, tables built by older rules (or never
 * built: events stored before this feature) are built anew from every stored event, in the background; until
 * that build has caught up, {@link #status} says so, and the data API answers 503 with the progress. Tables built
 * by newer rules (an instance of a newer release shares the database) are left to that release.
 *
 * <p>Thread-safe.
 */
public final class Projector implements AutoCloseable {
    /** The version of the fold rules. Raise it whenever a fold changes what it makes: the tables are rebuilt. */
    public static final int RULES_VERSION = 2;
    static final int CHUNK_EVENTS = 1000;
    static final int MAX_KEY_PART = 128;
    static final long CHUNK_BYTES = 8L << 20;
    static final Duration POLL = Duration.ofMillis(500);
    /**
     * How long it lets new events gather once woken, so that steady ingest is folded in a few commits a second
     * rather than one per event batch: each commit is a transaction (an fsync) on the writer's thread.
     */
    static final Duration GATHER = Duration.ofMillis(100);
    /** How long the instance that folds holds its lease; it renews it when half is left. */
    static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /**
     * While storing webhooks takes most of the writer's time ({@value #SATURATED_SHARE} or more), the projector
     * rests this many times as long as it worked: storing comes first. Under a load that takes the whole machine the
     * tables fall behind and catch up once it eases; at a steady rate below that they stay within a second.
     */
    static final int REST_PER_WORK = 3;
    private static final double SATURATED_SHARE = 0.8;
    private static final Logger LOG = System.getLogger(Projector.class.getName());
    private static final List<Fold> FOLDS = List.of(new ChatFold(), new CallFold(), new OfflineMessageFold(),
            new VisitorFold());

    private final Projection projection;
    private final CommitSignal committed;
    private final LongSupplier storingNanos;
    /** When {@link #ingestSaturated} last looked, and what {@code storingNanos} said then. */
    private long lastLook = System.nanoTime();
    private long lastStoring;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Timer lag;
    private final String instance = UUID.randomUUID().toString();
    private final Thread thread;

    /**
     * Starts folding, unless {@code fold} is off (the benchmark's measure of what folding costs).
     *
     * @param storingNanos how long the writer has spent storing webhooks so far; folding gives way to them
     * @param registry   where {@code jivohub_tables_lag_seconds} is published: from an event's receipt to its
     *                   fold's commit
     */
    public Projector(Projection projection, CommitSignal committed, boolean fold, LongSupplier storingNanos,
                     MeterRegistry registry) {
        this.projection = projection;
        this.committed = committed;
        this.storingNanos = storingNanos;
        this.lag = Timer.builder("jivohub.tables.lag")
                .description("From an event's receipt to the commit of the Jivo table rows folded from it")
                .publishPercentileHistogram()
                .register(registry);
        this.thread = fold ? Thread.ofPlatform().name("jivohub-projector").daemon().start(this::run) : null;
    }

    /** Whether the tables {@code status} describes can be read by this release: built by its rules, and ready. */
    public static boolean readable(Projection.Status status) {
        return status.ready() && status.rulesVersion() == RULES_VERSION;
    }

    /** Where the tables are: built by this release's rules and ready, or how far their build is. */
    public Projection.Status status() {
        return projection.status();
    }

    /** How far the current build is: {events folded, events to fold}. */
    public long[] progress(Projection.Status status) {
        return projection.progress(status);
    }

    /**
     * Starts building the tables anew from the stored events, as at an upgrade: until the build has caught up,
     * the tables answer 503 with its progress; rows it makes the same keep their version.
     *
     * @return the state the build starts from, or empty when tables of a newer release share the database
     */
    public java.util.Optional<Projection.Status> rebuild() {
        Projection.Status status = projection.status();
        if (status.rulesVersion() > RULES_VERSION) {
            return java.util.Optional.empty();
        }
        projection.startBuild(status, RULES_VERSION);
        return java.util.Optional.of(projection.status());
    }

    private void run() {
        while (stop.getCount() > 0) {
            try {
                Projection.Status status = projection.status();
                long started = System.nanoTime();
                boolean more = step(status);
                if (ingestSaturated()
                        && stop.await(REST_PER_WORK * (System.nanoTime() - started), TimeUnit.NANOSECONDS)) {
                    return;
                }
                if (!more) {
                    committed.awaitAfter(status.position(), POLL);
                    if (stop.await(GATHER.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (StoreUnavailableException e) {
                LOG.log(Level.WARNING, "the Jivo tables could not be updated, trying again: " + e.getMessage());
                try {
                    if (stop.await(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Whether storing took most of the writer's time since the last look: ingest is at what the machine can take. */
    private boolean ingestSaturated() {
        long now = System.nanoTime();
        long storing = storingNanos.getAsLong();
        boolean saturated = storing - lastStoring >= SATURATED_SHARE * (now - lastLook);
        lastLook = now;
        lastStoring = storing;
        return saturated;
    }

    /** One step of work. @return whether more is surely waiting: a full chunk was folded, or a build goes on */
    boolean step(Projection.Status status) {
        if (status.rulesVersion() > RULES_VERSION || !leads(status)) {
            return false;
        }
        if (status.rulesVersion() < RULES_VERSION) {
            if (projection.startBuild(status, RULES_VERSION)) {
                LOG.log(Level.INFO, "building the Jivo tables from the stored events (rules " + RULES_VERSION + ")");
            }
            return true;
        }
        List<EventRecord> events = status.ready() || status.position() < status.builtUntil()
                ? projection.eventsAfter(status.position(), CHUNK_EVENTS, CHUNK_BYTES) : List.of();
        if (events.isEmpty()) {
            if (status.ready()) {
                return false;
            }
            // caught up with the build (its last events may even have been deleted meanwhile)
            List<TableRow> leftOver = projection.leftOver(status);
            if (projection.finishBuild(status, leftOver) && leftOver.isEmpty()) {
                LOG.log(Level.INFO, "the Jivo tables are built");
            }
            return true;
        }
        Folding folding = new Folding(status.generation(), projection);
        List<JivoEvent> parsed = new ArrayList<>(events.size());
        Set<RowKey> targets = new LinkedHashSet<>();
        for (EventRecord event : events) {
            JivoEvent jivo = readable(event);
            if (jivo != null) {
                parsed.add(jivo);
                targets.addAll(targetsOf(jivo));
            }
        }
        folding.load(targets);
        for (JivoEvent event : parsed) {
            Rows rows = folding.rowsOf(event);
            for (Fold fold : FOLDS) {
                try {
                    fold.fold(event, rows);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "event " + event.id() + " could not be folded into the Jivo tables", e);
                }
            }
        }
        if (!projection.commit(status, events.getLast().id(), events.size(), folding.changes())) {
            LOG.log(Level.DEBUG, "another writer changed the Jivo tables meanwhile; folding again");
            return true;
        }
        boolean more = events.size() == CHUNK_EVENTS || !status.ready();
        long now = System.currentTimeMillis();
        for (EventRecord event : status.ready() ? events : List.<EventRecord>of()) { // a build's lag is its age
            lag.record(Math.max(0, now - event.receivedAt()), TimeUnit.MILLISECONDS);
        }
        return more;
    }

    /** Whether this instance is the one that folds: it holds the lease, renewed when half of it is left. */
    private boolean leads(Projection.Status status) {
        long now = System.currentTimeMillis();
        if (instance.equals(status.leader()) && status.leaseUntil() - now > LEASE.toMillis() / 2) {
            return true;
        }
        return projection.lead(instance, now, now + LEASE.toMillis());
    }

    /** Whether this instance is the one folding the tables now. */
    public boolean foldsHere(Projection.Status status) {
        return thread != null && instance.equals(status.leader()) && status.leaseUntil() > System.currentTimeMillis();
    }

    /**
     * The event, or null for one that cannot be read as an event any more (a body stored before a rule of today's
     * parser): it is left out of the tables, and said once, by id only (bodies hold personal data).
     */
    private static JivoEvent readable(EventRecord event) {
        try {
            return JivoEvent.of(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event " + event.id() + " is left out of the Jivo tables: its body cannot be read ("
                    + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /**
     * Turns the rows that erased {@code events} folded into into tombstones: their chats, messages, calls, offline
     * messages and visitors. A call without a chat_id is known by its phone, so every such call on it goes.
     */
    public static void forget(TableRows rows, List<EventRecord> events) {
        Set<RowKey> exact = new LinkedHashSet<>();
        Set<RowKey> prefixes = new LinkedHashSet<>();
        for (EventRecord event : events) {
            JivoEvent jivo = readable(event);
            if (jivo == null) {
                continue;
            }
            exact.addAll(targetsOf(jivo));
            List<String> calls = CallFold.callsOfLine(jivo);
            if (calls != null) {
                String key = rowKey(jivo.connectionId(), Dataset.CALLS, calls).key();
                prefixes.add(new RowKey(jivo.connectionId(), Dataset.CALLS.apiName(),
                        key.substring(0, key.length() - "\"]".length())));
            }
        }
        rows.remove(List.copyOf(exact));
        prefixes.forEach(rows::removeByPrefix);
    }

    private static List<RowKey> targetsOf(JivoEvent event) {
        List<RowKey> rows = new ArrayList<>();
        for (Fold fold : FOLDS) {
            for (Fold.Target target : fold.targets(event)) {
                rows.add(rowKey(event.connectionId(), target.dataset(), target.key()));
            }
        }
        return rows;
    }

    /**
     * The stored key of a row. A key value longer than {@value #MAX_KEY_PART} characters (no real id is) is
     * shortened to its start and a hash of the whole, so that no id, however long, can exceed what the database
     * indexes: PostgreSQL refused such a row, and the projector stalled on it.
     */
    static RowKey rowKey(long connectionId, Dataset dataset, List<String> key) {
        List<String> parts = new ArrayList<>(key.size());
        for (String part : key) {
            parts.add(part.length() <= MAX_KEY_PART ? part : part.substring(0, MAX_KEY_PART / 2) + "…"
                    + HexFormat.of().formatHex(Sha256.of(part.getBytes(StandardCharsets.UTF_8)), 0, 16));
        }
        return new RowKey(connectionId, dataset.apiName(), Json.MAPPER.writeValueAsString(parts));
    }

    /** Stops folding; what is committed stays, the rest is folded at the next start. */
    @Override
    public void close() {
        stop.countDown();
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            projection.resign(instance);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "could not give up folding the Jivo tables: " + e.getMessage());
        }
    }
}
