package io.jivohub.bench;

import io.jivohub.json.Json;
import io.jivohub.support.Http;
import io.jivohub.support.Response;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Reads a connection's events through its data URL from the first to the last, as a BI tool exports them: pages of
 * {@value #PAGE_ROWS} rows, each asking for the events after the previous page's {@code next_after}.
 *
 * <p>A BI tool would run on another machine; this reader runs on the cores the server is measured on, so it only
 * counts. Jackson's streaming parser walks each page once: it counts the entries of every table's {@code event_id}
 * array, reads {@code next_after}, and skips everything else without decoding it.
 */
final class FullRead {
    private static final int PAGE_ROWS = 10_000;

    /** What a page says, as far as counting goes. */
    private record Page(long rows, String nextAfter) {
    }

    private FullRead() {
    }

    /** Reads every event of {@code dataUrl}; returns how many there were. */
    static long rows(String dataUrl) {
        return rows(dataUrl, "", "event_id");
    }

    /** Reads every row of one of {@code dataUrl}'s Jivo tables ({@code chats}, …); returns how many there were. */
    static long tableRows(String dataUrl, String dataset) {
        return rows(dataUrl, "dataset=" + dataset + "&", "row_version");
    }

    /** Reads every page of {@code dataUrl} with {@code query}, counting the entries of {@code column}. */
    private static long rows(String dataUrl, String query, String column) {
        long rows = 0;
        for (String after = "0"; after != null; ) {
            Response answer = Http.get(dataUrl + "?" + query + "limit=" + PAGE_ROWS + "&after=" + after);
            if (answer.status() != 200) {
                throw new IllegalStateException("data_url answered " + answer.status() + ": " + answer.text());
            }
            Page page = parse(answer.body(), column);
            rows += page.rows();
            after = page.nextAfter();
        }
        return rows;
    }

    /** Reads {@code {"data": [{"event_id": [ids…], …}, …], "next_after": id|null}}, counting {@code column}. */
    private static Page parse(byte[] json, String column) {
        long rows = 0;
        String nextAfter = null;
        try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), json)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            for (String field = parser.nextName(); field != null; field = parser.nextName()) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "data" -> rows += countRows(parser, column);
                    case "next_after" -> nextAfter = value == JsonToken.VALUE_NULL ? null : parser.getString();
                    default -> parser.skipChildren();
                }
            }
        }
        return new Page(rows, nextAfter);
    }

    /** Counts the rows of the tables of the {@code data} array the parser is at the start of. */
    private static long countRows(JsonParser parser, String counted) {
        expect(parser.currentToken(), JsonToken.START_ARRAY);
        long rows = 0;
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            for (String column = parser.nextName(); column != null; column = parser.nextName()) {
                parser.nextToken();
                if (column.equals(counted)) {
                    expect(parser.currentToken(), JsonToken.START_ARRAY);
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        rows++;
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return rows;
    }

    private static void expect(JsonToken token, JsonToken expected) {
        if (token != expected) {
            throw new IllegalStateException("a data page with " + token + " where " + expected + " belongs");
        }
    }
}
