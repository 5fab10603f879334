package io.jivohub.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jivohub.columns.Column;
import io.jivohub.columns.EventParser;
import io.jivohub.columns.KnownColumns;
import io.jivohub.columns.ReservedColumn;
import io.jivohub.json.Json;
import io.jivohub.store.EventColumns;
import io.jivohub.store.EventPage;
import io.jivohub.store.EventQuery;
import io.jivohub.store.EventRecord;
import io.jivohub.store.Events;
import io.jivohub.tables.ColumnType;
import io.jivohub.tables.TableColumn;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * The raw events in the row formats ({@code rows}, {@code ndjson}, {@code csv}, {@code xlsx}): one row per event,
 * with the same columns in the same order on every page of a type, so that pages appended to each other line up.
 *
 * <p>A type's columns are {@code event_id} (a number), {@code received_at} (a time) and {@code event_name}, then its
 * {@linkplain KnownColumns known columns} in their documented order, then the others its connection's events have
 * brought, in the order they first came ({@link EventColumns}). Values are text, as in the columnar table. A
 * type whose events brought more than {@value EventColumns#MAX_PER_TYPE} other columns gets one more,
 * {@value #MORE_FIELDS}: the values without a column of their own, as a JSON object.
 *
 * <p>The columns are read after the events they are for: every event was committed with its columns, so none is
 * missing. For the whole selection, events newer than the newest one when the stream began are left out, since
 * their columns could come too late for a header already written.
 *
 * <p>Not thread-safe: one request's.
 */
final class EventRows {
    static final String MORE_FIELDS = "more_fields";
    private static final Logger LOG = System.getLogger(EventRows.class.getName());
    private static final List<TableColumn> RESERVED = List.of(
            new TableColumn(ReservedColumn.EVENT_ID.column(), ColumnType.NUMBER),
            new TableColumn(ReservedColumn.RECEIVED_AT.column(), ColumnType.TIME),
            new TableColumn(ReservedColumn.EVENT_NAME.column(), ColumnType.TEXT));

    /** A type's columns, and where each name's values go. */
    private record TypeColumns(List<TableColumn> columns, Map<String, Integer> places, boolean more) {
    }

    private final Events events;
    private final EventColumns catalog;
    private final Map<String, TypeColumns> byType = new HashMap<>();
    private boolean warned;

    EventRows(Events events, EventColumns catalog) {
        this.events = events;
        this.catalog = catalog;
    }

    /**
     * Writes the events {@code query} selects: one page, or with {@code whole} every page up to event
     * {@code untilId}.
     *
     * @return where the next page starts, or null when nothing follows
     */
    Long write(RowWriter writer, EventQuery query, boolean whole, long untilId) throws IOException {
        EventQuery next = query;
        String type = null; // the type of the columns the writer was given last
        while (true) {
            EventPage page = events.page(next, found -> found);
            if (type == null && query.eventName() != null) {
                type = query.eventName(); // a file of a type has its columns, also without events
                writer.header(columns(query.connectionId(), type).columns());
            }
            Long nextAfter = page.more() ? page.events().getLast().id() : null;
            for (EventRecord event : page.events()) {
                if (event.id() > untilId) {
                    nextAfter = null;
                    break;
                }
                TypeColumns columns = columns(query.connectionId(), event.eventName());
                if (!event.eventName().equals(type)) {
                    type = event.eventName();
                    writer.header(columns.columns());
                }
                writer.row(values(event, columns));
            }
            if (!whole || nextAfter == null) {
                if (type == null) {
                    writer.header(RESERVED);
                }
                writer.finish(nextAfter);
                return nextAfter;
            }
            next = new EventQuery(query.connectionId(), query.eventName(), query.received(),
                    nextAfter, query.limit());
        }
    }

    private TypeColumns columns(long connectionId, String eventName) {
        TypeColumns known = byType.get(eventName);
        if (known != null) {
            return known;
        }
        Set<String> names = new LinkedHashSet<>(KnownColumns.of(eventName));
        List<String> catalogued = catalog.of(connectionId, eventName);
        boolean more = catalogued.size() > EventColumns.MAX_PER_TYPE;
        names.addAll(more ? catalogued.subList(0, EventColumns.MAX_PER_TYPE) : catalogued);
        List<TableColumn> columns = new ArrayList<>(RESERVED);
        Map<String, Integer> places = new HashMap<>();
        for (String name : names) {
            places.put(name, columns.size());
            columns.add(new TableColumn(name, ColumnType.TEXT));
        }
        if (more) {
            columns.add(new TableColumn(MORE_FIELDS, ColumnType.TEXT));
        }
        TypeColumns typeColumns = new TypeColumns(List.copyOf(columns), places, more);
        byType.put(eventName, typeColumns);
        return typeColumns;
    }

    private List<Object> values(EventRecord event, TypeColumns columns) {
        Object[] values = new Object[columns.columns().size()];
        values[0] = event.id();
        values[1] = Instant.ofEpochMilli(event.receivedAt());
        values[2] = event.eventName();
        List<Column> others = null;
        for (Column column : EventParser.parseStored(event.body()).values()) {
            Integer place = columns.places().get(column.name());
            if (place != null) {
                values[place] = column.value().text();
            } else if (columns.more()) {
                if (others == null) {
                    others = new ArrayList<>();
                }
                others.add(column);
            } else if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, "event " + event.id() + " has a column its type's columns lack, left out of"
                        + " this file: an instance of an older release stored it");
            }
        }
        if (others != null) {
            values[values.length - 1] = asJson(others);
        }
        return Arrays.asList(values);
    }

    /** Values without a column of their own, as a JSON object from column name to text. */
    private static String asJson(List<Column> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            for (Column value : values) {
                json.writeStringProperty(value.name(), value.value().text());
            }
            json.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
