package io.jivohub.data;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.helidon.common.uri.UriQuery;
import io.jivohub.columns.Timestamps;
import io.jivohub.store.EventQuery;
import io.jivohub.store.EventTypes;
import io.jivohub.store.Received;
import io.jivohub.tables.Dataset;
import io.jivohub.web.HttpProblem;

/**
 * The parameters of a data URL, checked: {@code dataset}, {@code event_name}, {@code from}, {@code to},
 * {@code after}, {@code limit}, {@code format}, {@code sep}, {@code tz}. Anything else, or a parameter given twice,
 * is a 400 naming it: a typo such as {@code limt} would otherwise silently return something other than what was
 * asked for.
 */
final class DataQuery {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    static final String EVENTS = "events";
    private static final Set<String> PARAMETERS =
            Set.of("dataset", "event_name", "from", "to", "after", "limit", "format", "sep", "tz");
    /** What only the raw events ({@code dataset=events}) take. */
    private static final List<String> EVENTS_ONLY = List.of("event_name");
    private static final Map<String, Character> SEPARATORS = Map.of("comma", ',', "semicolon", ';', "tab", '\t');

    /**
     * How to write what is read.
     *
     * @param format    the format
     * @param whole     everything selected rather than a page (files without {@code limit} or {@code after})
     * @param separator the CSV separator
     * @param zone      the time zone of its times
     */
    record Output(TableFormat format, boolean whole, char separator, ZoneId zone) {
    }

    /**
     * Which rows of a Jivo table to read, and how to write them.
     *
     * @param dataset      the table
     * @param afterVersion only rows changed after this row version (0 for all)
     * @param limit        at most this many rows on a page
     * @param changed      only rows whose newest event was received in this range (epoch milliseconds)
     */
    record TableQuery(Dataset dataset, long afterVersion, int limit, Received changed, Output output) {
    }

    /** Which raw events to read ({@code dataset=events}, the default), and how to write them. */
    record EventsQuery(EventQuery events, Output output) {
    }

    private DataQuery() {
    }

    /** The Jivo table asked for with {@code dataset=}, or empty for the raw events (the default). */
    static Optional<TableQuery> table(UriQuery query) {
        checkNames(query);
        String name = value(query, "dataset");
        if (name == null || name.equals(EVENTS)) {
            return Optional.empty();
        }
        Dataset dataset = Dataset.named(name).orElseThrow(() -> HttpProblem.badRequest("dataset must be " + EVENTS
                + " or " + Dataset.shownValues().stream().map(Dataset::apiName).collect(Collectors.joining(", "))));
        for (String eventsOnly : EVENTS_ONLY) {
            if (value(query, eventsOnly) != null) {
                throw HttpProblem.badRequest(eventsOnly + " works with dataset=" + EVENTS + " only");
            }
        }
        long after = number(query, "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(query, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        return Optional.of(new TableQuery(dataset, after, limit, received(query), output(query)));
    }

    /** The raw events asked for ({@code dataset=events}, the default), of connection {@code connectionId}. */
    static EventsQuery events(UriQuery query, long connectionId) {
        checkNames(query);
        String eventName = value(query, "event_name");
        if (eventName != null && !EventTypes.isWellFormed(eventName)) {
            throw HttpProblem.badRequest("event_name must be " + EventTypes.WELL_FORMED_RULE);
        }
        Received received = received(query);
        long after = number(query, "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(query, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        Output output = output(query);
        if (output.format() == TableFormat.COLUMNS && value(query, "tz") != null) {
            throw HttpProblem.badRequest("tz works with the raw events in format=rows, ndjson, csv or xlsx; their"
                    + " columnar form keeps the original spec's UTC times");
        }
        if (output.format().isFile() && eventName == null) {
            throw HttpProblem.badRequest("format=" + output.format().apiName() + " needs event_name: a "
                    + output.format().apiName() + " file holds one event type's table (or read a Jivo table such as"
                    + " dataset=chats)");
        }
        return new EventsQuery(new EventQuery(connectionId, eventName, received, after, limit),
                output);
    }

    /** {@code format}, {@code sep} and {@code tz}, and whether the whole selection is asked for. */
    private static Output output(UriQuery query) {
        String formatName = value(query, "format");
        TableFormat format = formatName == null ? TableFormat.COLUMNS : TableFormat.named(formatName)
                .orElseThrow(() -> HttpProblem.badRequest("format must be one of " + Arrays.stream(TableFormat.values())
                        .map(TableFormat::apiName).collect(Collectors.joining(", "))));
        String sep = value(query, "sep");
        if (sep != null && format != TableFormat.CSV) {
            throw HttpProblem.badRequest("sep works with format=csv only");
        }
        Character separator = sep == null ? Character.valueOf(',') : SEPARATORS.get(sep);
        if (separator == null) {
            throw HttpProblem.badRequest("sep must be comma, semicolon or tab");
        }
        boolean paged = value(query, "limit") != null || value(query, "after") != null;
        return new Output(format, format.wholeByDefault() && !paged, separator, zone(value(query, "tz")));
    }

    /** {@code from} and {@code to} as epoch milliseconds (each null when absent), {@code from} before {@code to}. */
    private static Received received(UriQuery query) {
        Long from = time(query, "from");
        Long to = time(query, "to");
        if (from != null && to != null && from >= to) {
            throw HttpProblem.badRequest("from must be before to");
        }
        return new Received(from, to);
    }

    /** {@code tz=}: an IANA time zone such as Europe/Moscow; UTC without one. */
    private static ZoneId zone(String name) {
        if (name == null) {
            return ZoneOffset.UTC;
        }
        try {
            ZoneId zone = ZoneId.of(name);
            return zone.normalized().equals(ZoneOffset.UTC) ? ZoneOffset.UTC : zone;
        } catch (DateTimeException e) {
            throw HttpProblem.badRequest("tz must be an IANA time zone such as Europe/Moscow or UTC");
        }
    }

    private static void checkNames(UriQuery query) {
        for (String name : query.names()) {
            if (!PARAMETERS.contains(name)) {
                throw HttpProblem.badRequest("unknown parameter " + name + "; known are "
                        + PARAMETERS.stream().sorted().collect(Collectors.joining(", ")));
            }
            if (query.all(name).size() > 1) {
                throw HttpProblem.badRequest("parameter " + name + " is given more than once");
            }
        }
    }

    private static String value(UriQuery query, String name) {
        List<String> values = query.all(name, List::of);
        return values.isEmpty() ? null : values.getFirst();
    }

    private static long number(UriQuery query, String name, long min, long max, long absent) {
        String value = value(query, name);
        if (value == null) {
            return absent;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpProblem.badRequest(name + " must be a whole number from " + min + " to " + max);
    }

    /** Parameter {@code name} as epoch milliseconds, or null when it is absent; see {@link Timestamps#parse}. */
    private static Long time(UriQuery query, String name) {
        String value = value(query, name);
        return value == null ? null : time(name, value);
    }

    /** Parameter {@code name}'s {@code value} as epoch milliseconds; see {@link Timestamps#parse}. */
    static long time(String name, String value) {
        try {
            return Timestamps.parse(value);
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest(name + " must be an ISO-8601 time such as 2026-11-26T10:00:00Z or a date "
                    + "such as 2026-11-26");
        }
    }
}
