package io.jivohub.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Status;
import io.jivohub.store.EventTypes;
import io.jivohub.store.Received;
import io.jivohub.web.HttpProblem;

/**
 * What a reader chose to see of a connection's data: whole days in their time zone, {@code from} and {@code to}
 * included (either may be open), and for the raw events one type. The connection's page shows its tables and
 * events for it, and a download takes the same days. Immutable.
 *
 * @param from the first day, or null
 * @param to   the last day, or null
 * @param type only events of this type, or null for all
 */
public record Selection(LocalDate from, LocalDate to, String type) {
    /**
     * The selection a request's {@code from}, {@code to} and {@code type} ask for; a blank field is no choice.
     *
     * @throws HttpProblem 400, saying in the reader's words which field is wrong
     */
    static Selection of(UriQuery query, Page page) {
        LocalDate from = day(query, "from", page);
        LocalDate to = day(query, "to", page);
        if (from != null && to != null && to.isBefore(from)) {
            throw new HttpProblem(Status.BAD_REQUEST_400, page.t("dates.order", from, to));
        }
        String type = query.first("type").orElse("").strip();
        if (!type.isEmpty() && !EventTypes.isWellFormed(type)) {
            throw new HttpProblem(Status.BAD_REQUEST_400, page.t("filter.wrongType"));
        }
        return new Selection(from, to, type.isEmpty() ? null : type);
    }

    private static LocalDate day(UriQuery query, String name, Page page) {
        String value = query.first(name).orElse("").strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new HttpProblem(Status.BAD_REQUEST_400, page.t("dates.wrong", value));
        }
    }

    /** The moments these days span in {@code zone}: from the first one's midnight to the midnight after the last. */
    public Received received(ZoneId zone) {
        return new Received(from == null ? null : from.atStartOfDay(zone).toInstant().toEpochMilli(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
    }

    /** Whether anything is chosen. */
    public boolean isChosen() {
        return from != null || to != null || type != null;
    }

    /** The query that asks for this selection again ({@code from=…&to=…}), empty when nothing is chosen. */
    public String query() {
        List<String> parameters = new ArrayList<>();
        if (from != null) {
            parameters.add("from=" + from);
        }
        if (to != null) {
            parameters.add("to=" + to);
        }
        if (type != null) {
            parameters.add("type=" + URLEncoder.encode(type, StandardCharsets.UTF_8));
        }
        return String.join("&", parameters);
    }
}
