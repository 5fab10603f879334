package io.jivohub;

import static io.jivohub.support.TestEvents.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.jivohub.json.Json;
import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import io.jivohub.support.TestHub;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every format of the Jivo tables, read back by a real parser of that format: JSON, NDJSON, CSV (Apache Commons
 * CSV, with each separator) and xlsx (fastexcel's reader). Values keep their meaning: numbers are numbers and
 * never guarded, ids and phones stay text, Cyrillic stays intact, and files hold the whole table.
 */
class TableFormatsTest {
    private static final int CHATS = 1_200;
    private static final String LONG_TEXT = "Здравствуйте! ".repeat(3000);

    @TempDir
    static Path folder;
    private static TestHub hub;
    private static String dataUrl;

    @BeforeAll
    static void postChats() throws Exception {
        hub = TestHub.start(folder);
        JsonNode connection = hub.connection("Formats", "all");
        dataUrl = connection.get("data_url").asString();
        String url = connection.get("url").asString();
        ObjectNode finished = (ObjectNode) Json.MAPPER.readTree(Samples.resource("jivo/samples/chat_finished.json"));
        finished.put("widget_id", "0042");
        ((ObjectNode) finished.get("visitor")).put("name", "Иван Петров").put("phone", "89991234567");
        ArrayNode messages = (ArrayNode) finished.get("chat").get("messages");
        ((ObjectNode) messages.get(0)).put("message", "=1+1");
        ((ObjectNode) messages.get(1)).put("message", LONG_TEXT);
        assertThat(hub.post(url, Json.MAPPER.writeValueAsString(finished)).status()).isEqualTo(200);
        AtomicInteger next = new AtomicInteger();
        concurrently(8, () -> {
            for (int n = next.getAndIncrement(); n < CHATS - 1; n = next.getAndIncrement()) {
                assertThat(hub.post(url, new String(Samples.resource("jivo/samples/chat_accepted.json"),
                        StandardCharsets.UTF_8).replace("7636", String.valueOf(10_000 + n))).status()).isEqualTo(200);
            }
            return null;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Response page = hub.get(dataUrl + "?dataset=chats&format=ndjson");
            return page.status() == 200 && page.text().lines().count() == CHATS;
        });
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static Response get(String query) {
        Response response = hub.get(dataUrl + query);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response;
    }

    private static JsonNode finishedChat(List<JsonNode> rows) {
        return rows.stream().filter(row -> row.get("chat_id").asString().equals("7607")).findFirst().orElseThrow();
    }

    @Test
    void rowsAreAListOfObjectsWithTypedValuesAndACursor() {
        JsonNode page = get("?dataset=chats&format=rows&limit=1000").json();

        List<JsonNode> rows = new ArrayList<>();
        page.get("data").forEach(rows::add);
        assertThat(rows).hasSize(1000);
        assertThat(page.get("next_after").asLong()).isEqualTo(rows.getLast().get("row_version").asLong());
        JsonNode chat = finishedChat(rows);
        assertThat(chat.get("widget_id").asString()).as("an id keeps its leading zero").isEqualTo("0042");
        assertThat(chat.get("first_response_s").isNumber()).isTrue();
        assertThat(chat.get("missed").isBoolean()).isTrue();
        assertThat(chat.get("visitor_name").asString()).isEqualTo("Иван Петров");
    }

    @Test
    void ndjsonHoldsTheWholeTableWithoutLimitAndAPageWithIt() {
        Response whole = get("?dataset=chats&format=ndjson");
        assertThat(whole.header("Content-Type")).startsWith("application/x-ndjson");
        List<JsonNode> rows = whole.text().lines().map(Json.MAPPER::readTree).toList();
        assertThat(rows).hasSize(CHATS);
        assertThat(rows).extracting(row -> row.get("row_version").asLong()).isSorted().doesNotHaveDuplicates();
        assertThat(whole.header("X-Next-After")).isNull();

        Response page = get("?dataset=chats&format=ndjson&limit=500");
        assertThat(page.text().lines()).hasSize(500);
        assertThat(page.header("X-Next-After")).isEqualTo(String.valueOf(rows.get(499).get("row_version").asLong()));
    }

    @Test
    void csvWithEachSeparatorParsesBackWithNumbersBareAndTextGuarded() throws Exception {
        for (Map.Entry<String, Character> sep : Map.of("comma", ',', "semicolon", ';', "tab", '\t').entrySet()) {
            Response csv = get("?dataset=chats&format=csv&sep=" + sep.getKey());
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.header("Content-Disposition")).contains("chats.csv");
            String text = csv.text();
            assertThat(text).as("a byte order mark for Excel").startsWith("\uFEFF");
            List<CSVRecord> records = CSVFormat.RFC4180.builder().setDelimiter(sep.getValue()).setHeader()
                    .setSkipHeaderRecord(true).get().parse(new StringReader(text.substring(1))).getRecords();
            assertThat(records).as("the whole table, separator %s", sep.getKey()).hasSize(CHATS);
            CSVRecord chat = records.stream().filter(r -> r.get("chat_id").equals("7607")).findFirst().orElseThrow();
            assertThat(chat.get("first_response_s")).as("a number is bare").isEqualTo("7");
            assertThat(chat.get("missed")).isEqualTo("false");
            assertThat(chat.get("visitor_phone")).isEqualTo("89991234567");
            assertThat(chat.get("visitor_name")).isEqualTo("Иван Петров");
            assertThat(chat.get("widget_id")).isEqualTo("0042");
        }
        Response messages = get("?dataset=messages&format=csv");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(messages.text().substring(1))).getRecords();
        assertThat(rows).extracting(r -> r.get("text")).as("text a spreadsheet would run is guarded")
                .contains("'=1+1", LONG_TEXT);
    }

    @Test
    void xlsxKeepsTypesTextAndCyrillicAndCutsOnlyWhatACellCannotHold() throws Exception {
        Response xlsx = get("?dataset=chats&format=xlsx");
        assertThat(xlsx.header("Content-Disposition")).contains("chats.xlsx");
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertThat(rows).as("a header and the whole table").hasSize(CHATS + 1);
            List<String> header = rows.getFirst().stream().map(Cell::getText).toList();
            Row chat = rows.stream().skip(1).filter(r -> r.getCell(header.indexOf("chat_id")).getText()
                    .equals("7607")).findFirst().orElseThrow();
            Cell phone = chat.getCell(header.indexOf("visitor_phone"));
            assertThat(phone.getType()).as("a phone stays text").isEqualTo(CellType.STRING);
            assertThat(phone.getText()).isEqualTo("89991234567");
            assertThat(chat.getCell(header.indexOf("widget_id")).getText()).isEqualTo("0042");
            assertThat(chat.getCell(header.indexOf("first_response_s")).getType()).isEqualTo(CellType.NUMBER);
            assertThat(chat.getCell(header.indexOf("first_response_s")).asNumber()).isEqualByComparingTo("7");
            assertThat(chat.getCell(header.indexOf("missed")).getType()).isEqualTo(CellType.BOOLEAN);
            assertThat(chat.getCell(header.indexOf("started_at")).asDate()).as("a time is a date cell")
                    .isEqualTo("2022-10-10T10:07:56");
            assertThat(chat.getCell(header.indexOf("visitor_name")).getText()).isEqualTo("Иван Петров");
        }
        Response messages = get("?dataset=messages&format=xlsx");
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(messages.body()))) {
            List<Row> rows = workbook.getFirstSheet().read();
            List<String> header = rows.getFirst().stream().map(Cell::getText).toList();
            List<Cell> texts = rows.stream().skip(1).map(r -> r.getCell(header.indexOf("text"))).toList();
            assertThat(texts).extracting(Cell::getType).containsOnly(CellType.STRING);
            assertThat(texts).extracting(Cell::getText).as("xlsx text never runs: no guard").contains("=1+1");
            String cut = texts.stream().map(Cell::getText).filter(t -> t.startsWith("Здравствуйте")).findFirst()
                    .orElseThrow();
            assertThat(cut).hasSize(32_767).endsWith("characters in all; the CSV and JSON have the whole text]")
                    .contains(String.valueOf(LONG_TEXT.length()));
        }
    }

    @Test
    void timesComeInTheZoneAskedFor() {
        JsonNode moscow = finishedChat(rowsOf(get("?dataset=chats&format=rows&tz=Europe/Moscow").json()));
        JsonNode utc = finishedChat(rowsOf(get("?dataset=chats&format=rows").json()));

        assertThat(moscow.get("started_at").asString()).isEqualTo("2022-10-10T13:07:56.000+03:00");
        assertThat(utc.get("started_at").asString()).isEqualTo("2022-10-10T10:07:56.000Z");
        assertThat(hub.get(dataUrl + "?dataset=chats&tz=Mars/Olympus").status()).isEqualTo(400);
        assertThat(hub.get(dataUrl + "?dataset=chats&format=rows&sep=tab").status()).isEqualTo(400);
        assertThat(hub.get(dataUrl + "?dataset=chats&format=pdf").json().get("error").asString())
                .contains("columns, rows, ndjson, csv, xlsx");
    }

    @Test
    void headAnswersAFileLikeGetWithoutItsBody() {
        Response head = hub.send(dataUrl + "?dataset=chats&format=csv", "HEAD",
                java.net.http.HttpRequest.BodyPublishers.noBody());

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).startsWith("text/csv");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void gzipIsSentToClientsThatAskAndIsTheSameTable() throws Exception {
        for (String query : List.of("?dataset=chats&format=csv", "?dataset=chats&format=rows")) {
            Response plain = get(query);
            Response gzipped = hub.get(dataUrl + query, "Accept-Encoding", "gzip, deflate");

            assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(gzipped.header("Vary")).contains("Accept-Encoding");
            assertThat(gzipped.body().length).as("compressed").isLessThan(plain.body().length / 2);
            try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(in.readAllBytes()).isEqualTo(plain.body());
            }
            assertThat(hub.get(dataUrl + query, "Accept-Encoding", "gzip;q=0").header("Content-Encoding")).isNull();
        }
    }

    @Test
    void anUnchangedTableAnswers304ToItsETagAndAChangeGetsANewOne() {
        String query = "?dataset=visitors&format=csv";
        Response first = get(query);
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();

        Response again = hub.get(dataUrl + query, "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(hub.get(dataUrl + "?dataset=visitors&format=xlsx", "If-None-Match", etag).status())
                .as("another query is another answer").isEqualTo(200);

        ObjectNode offline = (ObjectNode) Json.MAPPER.readTree(Samples.resource("jivo/samples/offline_message.json"));
        ((ObjectNode) offline.get("visitor")).put("number", "etag-visitor");
        assertThat(hub.post(hub.connection("Formats", "all").get("url").asString(),
                Json.MAPPER.writeValueAsString(offline)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.get(dataUrl + query, "If-None-Match", etag).status()
                == 200);
        assertThat(get(query).header("ETag")).isNotEqualTo(etag);
    }

    private static List<JsonNode> rowsOf(JsonNode page) {
        List<JsonNode> rows = new ArrayList<>();
        page.get("data").forEach(rows::add);
        return rows;
    }
}
