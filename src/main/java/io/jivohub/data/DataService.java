package io.jivohub.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.store.Connection;
import io.jivohub.store.Connections;
import io.jivohub.store.EventPage;
import io.jivohub.store.EventRecord;
import io.jivohub.store.Events;
import io.jivohub.table.EventParser;
import io.jivohub.table.InvalidEventException;
import io.jivohub.table.Tables;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;

/**
 * The data URL, {@code GET /jivo/data/<read key>}: a connection's events as tables, one page at a time.
 *
 * <p>Answers {@code {"data": [tables…], "next_after": id|null}}, one table per event type on the page, ordered by
 * type. Tables are built from the stored raw bodies on every read, so they always follow the current column rules.
 * {@code next_after} is the last id on the page when more events match; passing it back as {@code after} visits
 * every event exactly once. With one writer committing in id order, no event can later appear behind the cursor.
 */
public final class DataService implements HttpService {
    private final Connections connections;
    private final Events events;

    public DataService(Connections connections, Events events) {
        this.connections = connections;
        this.events = events;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{key}", this::read)
                .any("/{key}", Routes.methodNotAllowed("GET"));
    }

    private void read(ServerRequest req, ServerResponse res) {
        String key = req.path().pathParameters().get("key");
        Connection connection = connections.byReadKey(key)
                .orElseThrow(() -> new HttpProblem(Status.NOT_FOUND_404, "no data at this URL"));
        EventPage page = events.page(DataQuery.parse(req.query(), connection.id()));

        Map<String, List<Tables.Row>> tables = new TreeMap<>();
        for (EventRecord event : page.events()) {
            tables.computeIfAbsent(event.eventName(), type -> new ArrayList<>()).add(row(event));
        }
        Long nextAfter = page.more() ? page.events().getLast().id() : null;
        Responses.json(res, Status.OK_200, json -> {
            json.writeStartObject();
            json.writeName("data");
            json.writeStartArray();
            tables.values().forEach(rows -> Tables.write(json, rows));
            json.writeEndArray();
            json.writeName("next_after");
            if (nextAfter == null) {
                json.writeNull();
            } else {
                json.writeNumber(nextAfter);
            }
            json.writeEndObject();
        });
    }

    private static Tables.Row row(EventRecord event) {
        try {
            return new Tables.Row(event.id(), event.receivedAt(), event.eventName(),
                    EventParser.parse(event.body()).columns());
        } catch (InvalidEventException e) {
            throw new IllegalStateException("stored event " + event.id() + " no longer parses: " + e.getMessage(), e);
        }
    }
}
