package io.jivohub.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.columns.Column;
import io.jivohub.columns.ColumnarTable;
import io.jivohub.columns.EventParser;
import io.jivohub.columns.PageBound;
import io.jivohub.json.JsonText;
import io.jivohub.keys.Keys;
import io.jivohub.store.Connection;
import io.jivohub.store.Connections;
import io.jivohub.store.EventColumns;
import io.jivohub.store.EventPage;
import io.jivohub.store.EventRecord;
import io.jivohub.store.Events;
import io.jivohub.store.Projection;
import io.jivohub.store.TableRow;
import io.jivohub.store.TableRows;
import io.jivohub.tables.Dataset;
import io.jivohub.tables.Projector;
import io.jivohub.tables.RowValues;
import io.jivohub.tables.TableColumn;
import io.jivohub.web.GuessLimit;
import io.jivohub.web.Gzip;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;

/**
 * The data URL, {@code GET /jivo/data/<read key>}: a connection's raw events ({@code dataset=events}, the default)
 * or one of its Jivo tables ({@code dataset=chats}, …), in the format asked for.
 *
 * <p>The raw events' columnar form answers {@code {"data": [tables…], "next_after": id|null}}, one table per event
 * type on the page, ordered by type. Tables are built from the stored raw bodies on every read, so they always
 * follow the current column rules. {@code next_after} is the last id on the page when more events match; passing it
 * back as {@code after} visits every event exactly once. With one writer committing in id order, no event can later
 * appear behind the cursor. The other formats write rows ({@link EventRows}, {@link RowWriter}); files without
 * {@code limit} or {@code after} hold the whole selection. Every answer has an {@code ETag}.
 */
public final class DataService implements HttpService {
    /** Rows rendered between two looks at whether webhooks are waiting. */
    private static final int ROWS_BETWEEN_CHECKS = 256;
    /** While webhooks are being stored, a read rests this many times as long as it worked. */
    private static final int REST_PER_WORK = 6;
    /** Runs a page is rendered in when nothing else needs the CPU: one per core. */
    private static final int PARALLEL_RUNS = Runtime.getRuntime().availableProcessors();
    private static final int MIN_ROWS_PER_RUN = 500;

    private static final HeaderName NEXT_AFTER = HeaderNames.create("X-Next-After");

    private final Connections connections;
    private final Events events;
    private final EventColumns eventColumns;
    private final TableRows tableRows;
    private final Projector projector;
    private final BooleanSupplier ingestBusy;
    /** Whether the columns of the events stored before they were kept are gathered; once true, for good. */
    private volatile boolean columnsGathered;

    /**
     * @param eventColumns the columns of the raw events, for their files
     * @param tableRows    the rows of the Jivo tables
     * @param projector    what builds them, asked whether they are ready
     * @param ingestBusy   whether webhooks are being stored right now; data reads give way to them
     */
    public DataService(Connections connections, Events events, EventColumns eventColumns, TableRows tableRows,
                       Projector projector, BooleanSupplier ingestBusy) {
        this.connections = connections;
        this.events = events;
        this.eventColumns = eventColumns;
        this.tableRows = tableRows;
        this.projector = projector;
        this.ingestBusy = ingestBusy;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.get(rules, "/{key}", this::read)
                .any("/{key}", Routes.methodNotAllowed("GET", "HEAD"));
    }

    private static void rest(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        }
    }

    private void read(ServerRequest req, ServerResponse res) {
        String key = req.path().pathParameters().get("key");
        Optional<Connection> found = Keys.isWellFormed(key) ? connections.byReadKey(key) : Optional.empty();
        Connection connection = found.orElseThrow(() -> {
            if (Keys.isWellFormed(key) && connections.wasValid(key)) {
                GuessLimit.notAGuess(req);
            }
            return new HttpProblem(Status.NOT_FOUND_404, "no data at this URL");
        });
        Optional<DataQuery.TableQuery> table = DataQuery.table(req.query());
        if (table.isPresent()) {
            sendTable(req, res, connection, table.get());
            return;
        }
        sendEvents(req, res, DataQuery.events(req.query(), connection.id()));
    }

    /**
     * A page of the raw events, or in a file format without {@code limit} and {@code after} all of them. The
     * columnar form (the default) has one table per type on the page, its columns those of the page; the other
     * formats have the same columns on every page ({@link EventRows}).
     */
    private void sendEvents(ServerRequest req, ServerResponse res, DataQuery.EventsQuery query) {
        DataQuery.Output output = query.output();
        if (output.format() != TableFormat.COLUMNS && !columnsGathered()) {
            EventColumns.Gathering gathering = eventColumns.gathering();
            Routes.unavailable(req, res, "the columns of the events stored before this release are being gathered: "
                    + gathering.gathered() + " of " + gathering.toReach() + " events; try again in a moment");
            return;
        }
        Events.Mark mark = events.mark(query.events().connectionId());
        if (notModified(req, res, "e" + mark.newestId() + "-" + mark.removed())) {
            return;
        }
        if (output.format() == TableFormat.COLUMNS) {
            JsonText page = events.page(query.events(), this::render);
            if (Gzip.accepted(req)) {
                Responses.stream(req, res, Status.OK_200, Responses.JSON_UTF8, page::writeTo);
            } else {
                Responses.json(req, res, Status.OK_200, page);
            }
            return;
        }
        String name = query.events().eventName() == null ? DataQuery.EVENTS : query.events().eventName();
        long until = output.whole() ? mark.newestId() : Long.MAX_VALUE;
        sendRows(req, res, output, name, writer -> new EventRows(events, eventColumns)
                .write(writer, query.events(), output.whole(), until));
    }

    private boolean columnsGathered() {
        if (!columnsGathered) {
            columnsGathered = eventColumns.gathering().done();
        }
        return columnsGathered;
    }

    /**
     * A page of a Jivo table, rows in the order they last changed. While the tables are being built (the first
     * start of this release, or a rebuild for new rules), a 503 says how far the build is.
     */
    private void sendTable(ServerRequest req, ServerResponse res, Connection connection, DataQuery.TableQuery query) {
        Projection.Status status = projector.status();
        if (status.rulesVersion() > Projector.RULES_VERSION) {
            Routes.unavailable(req, res, "the Jivo tables are built by a newer jivohub that shares this database;"
                    + " read them through it");
            return;
        }
        if (!Projector.readable(status)) {
            long[] progress = projector.progress(status);
            Routes.unavailable(req, res, "the Jivo tables are being built from the stored events: " + progress[0]
                    + " of " + progress[1] + " events folded; try again in a moment");
            return;
        }
        String version = Projector.RULES_VERSION + "-" + tableRows.lastVersion(connection.id(),
                query.dataset().apiName());
        if (notModified(req, res, version)) {
            return;
        }
        sendRows(req, res, query.output(), query.dataset().apiName(), writer -> writeTable(writer, connection, query));
    }

    /** Writes rows to a {@link RowWriter}; @return where the next page starts, or null when nothing follows */
    @FunctionalInterface
    private interface Rows {
        Long write(RowWriter writer) throws IOException;
    }

    /**
     * Sends the rows {@code rows} writes in {@code output}'s format: streamed as they are written when the whole
     * selection is asked for, else as one page with where the next one starts in {@code X-Next-After}. A file (CSV,
     * xlsx) comes as an attachment named {@code name}.
     */
    private static void sendRows(ServerRequest req, ServerResponse res, DataQuery.Output output, String name,
                                 Rows rows) {
        TableFormat format = output.format();
        if (format.isFile()) {
            res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "." + format.extension()
                    + "\"");
        }
        if (output.whole()) {
            Responses.stream(req, res, Status.OK_200, format.contentType(),
                    out -> rows.write(format.writer(out, name, output.zone(), output.separator())));
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        Long nextAfter;
        try {
            nextAfter = rows.write(format.writer(out, name, output.zone(), output.separator()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream throws none
        }
        if (nextAfter != null) {
            res.header(NEXT_AFTER, nextAfter.toString());
        }
        Responses.sendCompressible(req, res, Status.OK_200, format.contentType(), out.toByteArray());
    }

    /**
     * Sets the answer's {@code ETag}, made of {@code version} (what changes whenever the data does), the query and
     * the encoding, and answers 304 when the request's {@code If-None-Match} names it: an hourly refresh of
     * unchanged data then costs nothing.
     *
     * @return whether the 304 was sent
     */
    private static boolean notModified(ServerRequest req, ServerResponse res, String version) {
        String etag = "\"" + version + "-" + Integer.toHexString(req.query().rawValue().hashCode())
                + (Gzip.accepted(req) ? "-gzip" : "") + "\"";
        res.header(HeaderNames.ETAG, etag);
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(tags -> matches(tags, etag)).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return true;
        }
        return false;
    }

    /** Whether an {@code If-None-Match} list names {@code etag} (or is {@code *}). */
    private static boolean matches(String tags, String etag) {
        for (String tag : tags.split(",")) {
            String candidate = tag.strip();
            if (candidate.equals("*") || candidate.equals(etag) || candidate.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes a page of the table, or the whole table page by page, to {@code writer}.
     *
     * @return where the next page starts, or null when nothing follows
     */
    private Long writeTable(RowWriter writer, Connection connection, DataQuery.TableQuery query) throws IOException {
        Dataset dataset = query.dataset();
        List<TableColumn> columns = new ArrayList<>(dataset.columns());
        columns.addAll(Dataset.META);
        writer.header(columns);
        long after = query.afterVersion();
        Long nextAfter;
        do {
            TableRows.Page page = tableRows.page(connection.id(), dataset.apiName(), after, query.limit(),
                    query.changed(), rows -> rows);
            // Reading each row's stored values is most of the work; it runs on every core when ingest is idle.
            Stream<TableRow> rows = ingestBusy.getAsBoolean() ? page.rows().stream() : page.rows().parallelStream();
            for (List<Object> values : rows.map(row -> TableCells.of(new RowValues(dataset, row), columns)).toList()) {
                writer.row(values);
            }
            nextAfter = page.more() ? page.rows().getLast().rowVersion() : null;
            after = nextAfter == null ? after : nextAfter;
        } while (query.output().whole() && nextAfter != null);
        writer.finish(nextAfter);
        return nextAfter;
    }

    /**
     * The response for {@code page}, {@code {"data": [<tables>], "next_after": id|null}}: one table per event type,
     * ordered by type, and where to go on. The page ends before the event that would take it past its
     * {@link PageBound}; {@code next_after} then points behind the last event rendered.
     *
     * <p>When no webhooks are being stored, the rows are split into one run per core and rendered in parallel, each
     * run within its share of the bound. Runs of the same type may bring different columns, which the merged table
     * has for every row; should the merged page pass the bound, or a run end early, the page is rendered again in
     * one run (only pages of very sparse events do). Exports are background work and webhooks are not: while events
     * are being stored, rendering runs in one run and rests {@value #REST_PER_WORK} times as long as it works, so a
     * full export takes at most a seventh of a core from ingest.
     */
    private JsonText render(EventPage page) {
        List<EventRecord> events = page.events();
        int runs = ingestBusy.getAsBoolean() ? 1 : Math.min(PARALLEL_RUNS, 1 + events.size() / MIN_ROWS_PER_RUN);
        List<Run> parts = renderRuns(events, runs);
        if (runs > 1 && !fitsWhole(parts)) {
            parts = renderRuns(events, 1);
        }
        int rendered = parts.stream().mapToInt(Run::events).sum();
        Map<String, List<ColumnarTable>> tables = byType(parts);
        JsonText out = new JsonText().ascii("{\"data\":[");
        String separator = "";
        for (List<ColumnarTable> table : tables.values()) {
            ColumnarTable.appendTo(out.ascii(separator), table);
            separator = ",";
        }
        Long nextAfter = page.more() || rendered < events.size() ? events.get(rendered - 1).id() : null;
        return out.ascii("],\"next_after\":" + (nextAfter == null ? "null" : nextAfter.toString()) + "}");
    }

    /** The tables of one run of consecutive rows, one part per event type, and how many of its events it took. */
    private record Run(Map<String, ColumnarTable> tables, int events, int of) {
    }

    private List<Run> renderRuns(List<EventRecord> events, int runs) {
        int perRun = (events.size() + runs - 1) / runs;
        return IntStream.range(0, runs).parallel()
                .mapToObj(run -> renderRun(events.subList(Math.min(events.size(), run * perRun),
                        Math.min(events.size(), (run + 1) * perRun)), new PageBound(runs)))
                .toList();
    }

    /** Whether every run took all its events and the merged tables stay within the bound. */
    private static boolean fitsWhole(List<Run> runs) {
        if (runs.stream().anyMatch(run -> run.events() < run.of())) {
            return false;
        }
        long cells = 0;
        long bytes = 0;
        for (List<ColumnarTable> parts : byType(runs).values()) {
            cells += ColumnarTable.cells(parts);
            bytes += parts.stream().mapToLong(ColumnarTable::bytes).sum();
        }
        return cells <= PageBound.MAX_CELLS && bytes <= PageBound.MAX_BYTES;
    }

    private static Map<String, List<ColumnarTable>> byType(List<Run> runs) {
        Map<String, List<ColumnarTable>> tables = new TreeMap<>();
        runs.forEach(run -> run.tables().forEach((type, table) ->
                tables.computeIfAbsent(type, t -> new ArrayList<>()).add(table)));
        return tables;
    }

    /** One run of consecutive rows, as one table part per event type, as far as {@code bound} lets it go. */
    private Run renderRun(List<EventRecord> events, PageBound bound) {
        Map<String, ColumnarTable> tables = new HashMap<>();
        long workStart = System.nanoTime();
        for (EventRecord event : events) {
            List<Column> values = EventParser.parseStored(event.body()).values();
            ColumnarTable table = tables.computeIfAbsent(event.eventName(), type -> new ColumnarTable(events.size()));
            if (!bound.fits(table.cellsAddingAtMost(values.size()), ColumnarTable.bytesAddingAtMost(values))
                    && !bound.fits(table.cellsAdding(values), table.bytesAdding(values))) {
                break;
            }
            long cells = table.cells();
            long bytes = table.bytes();
            table.add(event.id(), event.receivedAt(), event.eventName(), values);
            bound.add(table.cells() - cells, table.bytes() - bytes);
            if (bound.events() % ROWS_BETWEEN_CHECKS == 0) {
                if (ingestBusy.getAsBoolean()) {
                    rest(REST_PER_WORK * (System.nanoTime() - workStart));
                }
                workStart = System.nanoTime();
            }
        }
        tables.values().removeIf(table -> table.cells() == 0);
        return new Run(tables, bound.events(), events.size());
    }
}
