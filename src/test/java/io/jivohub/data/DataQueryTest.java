package io.jivohub.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import io.helidon.common.uri.UriQuery;
import io.jivohub.store.EventQuery;
import io.jivohub.store.Received;
import io.jivohub.web.HttpProblem;
import org.junit.jupiter.api.Test;

/** The parameters of a data URL, without a server. */
class DataQueryTest {

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void timesAreReadInEveryFormAUserTypes() {
        assertThat(DataQuery.time("from", "2026-11-26T10:00:00Z")).isEqualTo(millis("2026-11-26T10:00:00Z"));
        assertThat(DataQuery.time("from", "2026-11-26t10:00:00.5z")).isEqualTo(millis("2026-11-26T10:00:00.500Z"));
        assertThat(DataQuery.time("from", "2026-11-26T13:00:00+03:00")).isEqualTo(millis("2026-11-26T10:00:00Z"));
        assertThat(DataQuery.time("from", "2026-11-26T13:00:00 03:00")).as("a + that a URL made a space")
                .isEqualTo(millis("2026-11-26T10:00:00Z"));
        assertThat(DataQuery.time("from", "2026-11-26T07:00:00-03:00")).isEqualTo(millis("2026-11-26T10:00:00Z"));
        assertThat(DataQuery.time("from", "2026-11-26T10:00")).as("a local time is UTC")
                .isEqualTo(millis("2026-11-26T10:00:00Z"));
        assertThat(DataQuery.time("to", "2026-11-26")).as("a date is its midnight, UTC")
                .isEqualTo(millis("2026-11-26T00:00:00Z"));
    }

    @Test
    void anythingElseIsA400NamingTheParameter() {
        for (String bad : new String[] {"yesterday", "2026-13-45", "26.11.2026", "2026-11-26T25:00:00Z", ""}) {
            assertThatThrownBy(() -> DataQuery.time("to", bad)).as(bad).isInstanceOf(HttpProblem.class)
                    .hasMessageStartingWith("to must be an ISO-8601 time");
        }
    }

    @Test
    void parametersAreCheckedTogether() {
        EventQuery query = DataQuery.events(UriQuery.create("event_name=chat_finished&after=5&limit=20"
                + "&from=2026-11-26&to=2026-11-27"), 7).events();
        assertThat(query).isEqualTo(new EventQuery(7L, "chat_finished",
                new Received(millis("2026-11-26T00:00:00Z"), millis("2026-11-27T00:00:00Z")), 5, 20));
        assertThat(DataQuery.events(UriQuery.create(""), 7).events().limit()).isEqualTo(DataQuery.DEFAULT_LIMIT);

        assertThatThrownBy(() -> DataQuery.events(UriQuery.create("limt=5"), 7)).hasMessageContaining("unknown parameter limt");
        assertThatThrownBy(() -> DataQuery.events(UriQuery.create("after=1&after=2"), 7))
                .hasMessageContaining("after is given more than once");
        assertThatThrownBy(() -> DataQuery.events(UriQuery.create("from=2026-11-27&to=2026-11-26"), 7))
                .hasMessageContaining("from must be before to");
        assertThatThrownBy(() -> DataQuery.events(UriQuery.create("limit=10001"), 7))
                .hasMessageContaining("limit must be a whole number from 1 to 10000");
        assertThatThrownBy(() -> DataQuery.events(UriQuery.create("event_name=Chat"), 7))
                .hasMessageContaining("event_name must be");
    }

    @Test
    void aFileOfRawEventsNeedsOneEventTypeAndWholeFilesArePagedOnlyWhenAsked() {
        DataQuery.Output csv = DataQuery.events(UriQuery.create("format=csv&event_name=offline_message&sep=semicolon"),
                7).output();
        assertThat(csv.format()).isEqualTo(TableFormat.CSV);
        assertThat(csv.whole()).isTrue();
        assertThat(csv.separator()).isEqualTo(';');
        assertThat(DataQuery.events(UriQuery.create("format=csv&event_name=offline_message&limit=5"), 7).output()
                .whole()).isFalse();
        assertThat(DataQuery.events(UriQuery.create("format=json"), 7).output().format())
                .isEqualTo(TableFormat.COLUMNS);
        assertThat(DataQuery.events(UriQuery.create("format=ndjson"), 7).output().whole()).isTrue();
        assertThatThrownBy(() -> DataQuery.events(UriQuery.create("format=csv"), 7))
                .hasMessageContaining("format=csv needs event_name");
        assertThatThrownBy(() -> DataQuery.events(UriQuery.create("format=xlsx"), 7))
                .hasMessageContaining("format=xlsx needs event_name");
        assertThatThrownBy(() -> DataQuery.events(UriQuery.create("format=parquet"), 7))
                .hasMessageContaining("format must be one of columns, rows, ndjson, csv, xlsx");
        assertThatThrownBy(() -> DataQuery.events(UriQuery.create("tz=Europe/Moscow"), 7))
                .hasMessageContaining("tz works with the raw events in format=rows");
    }
}
