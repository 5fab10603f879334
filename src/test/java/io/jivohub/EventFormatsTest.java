package io.jivohub;

import static io.jivohub.support.TestEvents.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.jivohub.columns.KnownColumns;
import io.jivohub.json.Json;
import io.jivohub.support.AcrossStores;
import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The raw events ({@code dataset=events}, the default) in the row formats, read back by real parsers: a file without
 * {@code limit} holds every event, not the first page; every page of a type has the same columns in the same order
 * (Jivo's documented ones first, then new ones in the order they came); a type with too many columns says so in a
 * column of its own; ETag, gzip and HEAD work as for the Jivo tables.
 */
class EventFormatsTest extends AcrossStores {
    private static final List<String> RESERVED = List.of("event_id", "received_at", "event_name");

    private static String offlineMessage(int n) {
        return new String(Samples.resource("jivo/samples/offline_message.json"), StandardCharsets.UTF_8)
                .replace("Message text", "Сообщение " + n).replace("1665399500726", String.valueOf(1_000_000 + n));
    }

    private static List<CSVRecord> csv(Response response) throws Exception {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        String text = response.text();
        assertThat(text).startsWith("\uFEFF");
        return CSVFormat.RFC4180.parse(new StringReader(text.substring(1))).getRecords();
    }

    private static List<String> header(List<CSVRecord> records) {
        return records.getFirst().toList();
    }

    private static List<String> expectedStart(String type) {
        return Stream.concat(RESERVED.stream(), KnownColumns.of(type).stream()).toList();
    }

    @Test
    void aCsvWithoutLimitHoldsEveryEventWithTheDocumentedColumnsFirst() throws Exception {
        JsonNode connection = hub.connection("Whole CSV", "all");
        String url = connection.get("url").asString();
        int count = 1_100; // more than a page
        AtomicInteger next = new AtomicInteger();
        concurrently(8, () -> {
            for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                assertThat(hub.post(url, offlineMessage(n)).status()).isEqualTo(200);
            }
            return null;
        });

        Response response = hub.get(connection.get("data_url").asString() + "?format=csv&event_name=offline_message");

        assertThat(response.header("X-Next-After")).isNull();
        assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=\"offline_message.csv\"");
        List<CSVRecord> records = csv(response);
        assertThat(header(records)).as("the documented columns, in their order, and nothing else")
                .isEqualTo(expectedStart("offline_message"));
        assertThat(header(records)).contains("message", "name", "city", "utm", "offline_message_id");
        List<CSVRecord> rows = records.subList(1, records.size());
        assertThat(rows).hasSize(count);
        assertThat(rows).extracting(row -> Long.parseLong(row.get(0))).isSorted().doesNotHaveDuplicates();
        int message = header(records).indexOf("message");
        assertThat(rows).extracting(row -> row.get(message)).allMatch(text -> text.startsWith("Сообщение "));
        int longitude = header(records).indexOf("longitude");
        assertThat(rows.getFirst().get(longitude)).as("a number is not guarded").isEqualTo("-122.3942");

        Response page = hub.get(connection.get("data_url").asString()
                + "?format=csv&event_name=offline_message&limit=1000");
        assertThat(csv(page)).hasSize(1001);
        assertThat(page.header("X-Next-After")).isEqualTo(rows.get(999).get(0));
    }

    @Test
    void everyPageOfATypeHasTheSameColumnsAndNewOnesJoinAtTheEnd() throws Exception {
        JsonNode connection = hub.connection("Same columns", "all");
        String url = connection.get("url").asString();
        String base = connection.get("data_url").asString() + "?format=csv&event_name=offline_message&limit=1";
        ObjectNode plain = (ObjectNode) Json.MAPPER.readTree(offlineMessage(1));
        assertThat(hub.post(url, Json.MAPPER.writeValueAsString(plain)).status()).isEqualTo(200);
        ObjectNode colourful = plain.deepCopy();
        ((ObjectNode) colourful.get("visitor")).put("favourite_colour", "зелёный");
        colourful.put("message", "second");
        assertThat(hub.post(url, Json.MAPPER.writeValueAsString(colourful)).status()).isEqualTo(200);

        Response first = hub.get(base);
        List<CSVRecord> second = csv(hub.get(base + "&after=" + first.header("X-Next-After")));
        List<CSVRecord> firstPage = csv(first);

        List<String> columns = new ArrayList<>(expectedStart("offline_message"));
        columns.add("favourite_colour");
        assertThat(header(firstPage)).as("the first page knows the column a later event brought").isEqualTo(columns);
        assertThat(header(second)).isEqualTo(columns);
        assertThat(firstPage.get(1).get(columns.indexOf("favourite_colour"))).isEmpty();
        assertThat(second.get(1).get(columns.indexOf("favourite_colour"))).isEqualTo("зелёный");

        ObjectNode loyal = plain.deepCopy();
        loyal.put("loyalty", "gold").put("message", "third");
        assertThat(hub.post(url, Json.MAPPER.writeValueAsString(loyal)).status()).isEqualTo(200);
        List<String> later = header(csv(hub.get(base)));
        assertThat(later).as("a newer column comes after the older ones").startsWith(columns.toArray(String[]::new))
                .endsWith("loyalty").hasSize(columns.size() + 1);
    }

    @Test
    void xlsxOfEventsTypesTheIdAndTheTimeAndKeepsJivoIdsAsText() throws Exception {
        JsonNode connection = hub.connection("Events xlsx", "all");
        assertThat(hub.post(connection.get("url").asString(), offlineMessage(7)).status()).isEqualTo(200);

        Response xlsx = hub.get(connection.get("data_url").asString() + "?format=xlsx&event_name=offline_message"
                + "&tz=Europe/Moscow");

        assertThat(xlsx.status()).as(xlsx.text()).isEqualTo(200);
        assertThat(xlsx.header("Content-Disposition")).contains("offline_message.xlsx");
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            assertThat(workbook.getFirstSheet().getName()).isEqualTo("offline_message");
            List<Row> rows = workbook.getFirstSheet().read();
            List<String> names = rows.getFirst().stream().map(cell -> cell.getRawValue()).toList();
            assertThat(names).isEqualTo(expectedStart("offline_message"));
            Row row = rows.get(1);
            assertThat(row.getCell(0).getType()).as("event_id").isEqualTo(CellType.NUMBER);
            assertThat(row.getCellAsDate(1)).as("received_at, in Moscow time").isPresent();
            assertThat(row.getCell(names.indexOf("widget_id")).getType()).isEqualTo(CellType.STRING);
            assertThat(row.getCell(names.indexOf("offline_message_id")).getRawValue())
                    .as("an id Jivo sent as a number stays text").isEqualTo("1000007");
            assertThat(row.getCell(names.indexOf("offline_message_id")).getType()).isEqualTo(CellType.STRING);
            assertThat(row.getCell(names.indexOf("message")).getRawValue()).isEqualTo("Сообщение 7");
        }
    }

    @Test
    void ndjsonOfSeveralTypesGivesEachRowItsTypesColumns() {
        JsonNode connection = hub.connection("Events ndjson", "all");
        String url = connection.get("url").asString();
        assertThat(hub.post(url, offlineMessage(1)).status()).isEqualTo(200);
        assertThat(hub.post(url, Samples.resource("jivo/samples/chat_finished.json")).status()).isEqualTo(200);
        assertThat(hub.post(url, offlineMessage(2)).status()).isEqualTo(200);

        Response ndjson = hub.get(connection.get("data_url").asString() + "?format=ndjson");
        assertThat(ndjson.status()).as(ndjson.text()).isEqualTo(200);
        List<JsonNode> rows = ndjson.text().lines().map(Json.MAPPER::readTree).toList();

        assertThat(rows).extracting(row -> row.get("event_name").asString())
                .containsExactly("offline_message", "chat_finished", "offline_message");
        for (JsonNode row : rows) {
            assertThat(row.propertyNames()).as(row.get("event_name").asString())
                    .containsExactlyElementsOf(expectedStart(row.get("event_name").asString()));
            assertThat(row.get("event_id").isNumber()).isTrue();
        }
        assertThat(rows.get(1).get("chat_messages").asString()).as("a transcript is one JSON text").startsWith("[");
        assertThat(rows.get(0).get("chats_count").asString()).as("values are text, as in the columnar form")
                .isEqualTo("1");

        JsonNode page = hub.get(connection.get("data_url").asString() + "?format=rows&limit=2").json();
        assertThat(page.get("data")).hasSize(2);
        assertThat(page.get("next_after").asLong()).isEqualTo(rows.get(1).get("event_id").asLong());
    }

    @Test
    void aTypeWithTooManyColumnsKeepsTheRestInOneMoreColumn() throws Exception {
        JsonNode connection = hub.connection("Many columns", "all");
        StringBuilder body = new StringBuilder("{\"event_name\": \"custom_event\"");
        for (int field = 0; field < 1_100; field++) {
            body.append(", \"f").append(field).append("\": \"v").append(field).append('"');
        }
        assertThat(hub.post(connection.get("url").asString(), body.append('}').toString()).status()).isEqualTo(200);

        List<CSVRecord> records = csv(hub.get(connection.get("data_url").asString()
                + "?format=csv&event_name=custom_event"));

        List<String> header = header(records);
        assertThat(header).hasSize(3 + 1_000 + 1);
        assertThat(header.get(3)).isEqualTo("f0");
        assertThat(header.getLast()).isEqualTo("more_fields");
        JsonNode more = Json.MAPPER.readTree(records.get(1).get(header.size() - 1));
        assertThat(more.propertyNames()).hasSize(100).contains("f1000", "f1099");
        assertThat(more.get("f1099").asString()).isEqualTo("v1099");
    }

    @Test
    void anUnchangedSelectionAnswers304AndANewOrErasedEventChangesIt() throws Exception {
        JsonNode connection = hub.connection("Events ETag", "all");
        String url = connection.get("url").asString();
        String data = connection.get("data_url").asString();
        ObjectNode anna = (ObjectNode) Json.MAPPER.readTree(offlineMessage(1));
        ((ObjectNode) anna.get("visitor")).put("email", "anna.etag@example.com");
        assertThat(hub.post(url, Json.MAPPER.writeValueAsString(anna)).status()).isEqualTo(200);
        assertThat(hub.post(url, offlineMessage(2)).status()).isEqualTo(200);

        for (String query : List.of("", "?format=csv&event_name=offline_message", "?format=ndjson")) {
            Response first = hub.get(data + query);
            String etag = first.header("ETag");
            assertThat(etag).as(query).isNotNull();
            assertThat(hub.get(data + query, "If-None-Match", etag).status()).as(query).isEqualTo(304);
        }
        String query = "?format=csv&event_name=offline_message";
        String etag = hub.get(data + query).header("ETag");

        assertThat(hub.post(url, offlineMessage(3)).status()).isEqualTo(200);
        Response afterNew = hub.get(data + query, "If-None-Match", etag);
        assertThat(afterNew.status()).isEqualTo(200);
        assertThat(csv(afterNew)).hasSize(4);

        String beforeErasure = afterNew.header("ETag");
        assertThat(hub.post(hub.url("/jivo/admin/erasure"), "{\"email\": \"anna.etag@example.com\"}").status())
                .isEqualTo(200);
        Response afterErasure = hub.get(data + query, "If-None-Match", beforeErasure);
        assertThat(afterErasure.status()).as("an erasure is a change too").isEqualTo(200);
        assertThat(csv(afterErasure)).hasSize(3);
    }

    @Test
    void headAndGzipAnswerLikeGet() throws Exception {
        JsonNode connection = hub.connection("Events gzip", "all");
        for (int n = 0; n < 20; n++) {
            assertThat(hub.post(connection.get("url").asString(), offlineMessage(n)).status()).isEqualTo(200);
        }
        String query = connection.get("data_url").asString() + "?format=csv&event_name=offline_message";

        Response plain = hub.get(query);
        Response head = hub.send(query, "HEAD", HttpRequest.BodyPublishers.noBody());
        Response gzipped = hub.get(query, "Accept-Encoding", "gzip");

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Type")).isEqualTo(plain.header("Content-Type"));
        assertThat(head.header("ETag")).isEqualTo(plain.header("ETag"));
        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        Response columnar = hub.get(connection.get("data_url").asString(), "Accept-Encoding", "gzip");
        assertThat(columnar.header("Content-Encoding")).as("the columnar form too").isEqualTo("gzip");
    }

    /**
     * Events stored before the columns were kept (simulated: the columns forgotten, and marked as still to be
     * gathered) get their columns back at start-up, in the order they first came.
     */
    @Test
    void theColumnsOfEventsStoredBeforeTheyWereKeptAreGatheredAtStart() throws Exception {
        JsonNode connection = hub.connection("Gathered columns", "all");
        String url = connection.get("url").asString();
        String query = connection.get("data_url").asString() + "?format=csv&event_name=offline_message";
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(offlineMessage(1));
        assertThat(hub.post(url, Json.MAPPER.writeValueAsString(event)).status()).isEqualTo(200);
        event.put("loyalty", "gold").put("message", "second");
        assertThat(hub.post(url, Json.MAPPER.writeValueAsString(event)).status()).isEqualTo(200);
        event.put("referrer", "partner").put("message", "third");
        assertThat(hub.post(url, Json.MAPPER.writeValueAsString(event)).status()).isEqualTo(200);
        List<String> before = header(csv(hub.get(query)));
        assertThat(before).endsWith("loyalty", "referrer");

        hub.restart(() -> hub.sql("DELETE FROM event_columns",
                "UPDATE events_state SET columns_gathered = 0, columns_to_reach = (SELECT max(id) FROM events)"));

        await().atMost(Duration.ofSeconds(10)).until(() -> hub.get(query).status() == 200);
        assertThat(header(csv(hub.get(query)))).isEqualTo(before);
    }
}
