package io.jivohub.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.helidon.common.uri.UriQuery;
import io.jivohub.store.EventQuery;
import io.jivohub.store.EventTypes;
import io.jivohub.tables.Dataset;
import io.jivohub.web.HttpProblem;

/**
 * The parameters of a data URL, checked: {@code dataset}, {@code event_name}, {@code from}, {@code to},
 * {@code after}, {@code limit}, {@code format}. Anything else, or a parameter given twice, is a 400 naming it: a typo such as {@code limt} would
 * otherwise silently return something other than what was asked for.
 */
final class DataQuery {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    static final String EVENTS = "events";
    private static final Set<String> PARAMETERS =
            Set.of("dataset", "event_name", "from", "to", "after", "limit", "format");
    /** What only the raw events ({@code dataset=events}) take, so far. */
    private static final List<String> EVENTS_ONLY = List.of("event_name", "from", "to", "format");

    /**
     * Which rows of a Jivo table to read.
     *
     * @param dataset      the table
     * @param afterVersion only rows changed after this row version (0 for all)
     * @param limit        at most this many rows
     */
    record TableQuery(Dataset dataset, long afterVersion, int limit) {
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
                throw HttpProblem.badRequest(eventsOnly + " works with dataset=" + EVENTS + " only, so far");
            }
        }
        long after = number(query, "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(query, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        return Optional.of(new TableQuery(dataset, after, limit));
    }

    static EventQuery parse(UriQuery query, long connectionId) {
        checkNames(query);
        String eventName = value(query, "event_name");
        if (eventName != null && !EventTypes.isWellFormed(eventName)) {
            throw HttpProblem.badRequest("event_name must be " + EventTypes.WELL_FORMED_RULE);
        }
        Long from = time(query, "from");
        Long to = time(query, "to");
        if (from != null && to != null && from >= to) {
            throw HttpProblem.badRequest("from must be before to");
        }
        long after = number(query, "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(query, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        return new EventQuery(connectionId, eventName, from, to, after, limit);
    }

    /**
     * Whether the page is asked for as CSV ({@code format=csv}) rather than JSON ({@code format=json}, the default).
     * A CSV file holds one table, so it needs {@code event_name}.
     */
    static boolean wantsCsv(UriQuery query) {
        String format = value(query, "format");
        if (format == null || format.equals("json")) {
            return false;
        }
        if (!format.equals("csv")) {
            throw HttpProblem.badRequest("format must be json or csv");
        }
        if (value(query, "event_name") == null) {
            throw HttpProblem.badRequest("format=csv needs event_name: a CSV file holds one event type's table");
        }
        return true;
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

    /**
     * An ISO-8601 time as epoch milliseconds: an instant ({@code 2026-11-26T10:00:00Z}), a time with an offset
     * ({@code +03:00}; a {@code +} that a URL turned into a space is read back as {@code +}), a local time or a
     * date, both taken as UTC.
     */
    private static Long time(UriQuery query, String name) {
        String value = value(query, name);
        return value == null ? null : time(name, value);
    }

    /** Parameter {@code name}'s {@code value} as epoch milliseconds; see {@link #time(UriQuery, String)}. */
    static long time(String name, String value) {
        String text = value.strip().replace(' ', '+');
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (text.endsWith("Z") || text.endsWith("z")) {
                return Instant.parse(text.toUpperCase()).toEpochMilli();
            }
            if (text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10) {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest(name + " must be an ISO-8601 time such as 2026-11-26T10:00:00Z or a date "
                    + "such as 2026-11-26");
        }
    }
}
