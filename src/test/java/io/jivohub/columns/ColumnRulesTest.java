package io.jivohub.columns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jivohub.json.Json;
import io.jivohub.json.JsonText;
import io.jivohub.support.Samples;
import io.jivohub.support.Seed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ColumnRulesTest {

    private static ParsedEvent parse(String json) throws InvalidEventException {
        return EventParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void seedsOfflineMessageGivesTheSeedsColumnsPlusUserAgent() throws Exception {
        ParsedEvent event = EventParser.parse(Samples.resource(Seed.PAYLOAD));

        Map<String, String> expected = new HashMap<>(Seed.COLUMNS);
        expected.remove("event_name");
        expected.put("user_agent", Seed.USER_AGENT);
        assertThat(event.eventName()).isEqualTo("offline_message");
        assertThat(event.columns()).isEqualTo(expected);
    }

    @Test
    void topLevelScalarsKeepTheirNames() throws Exception {
        ParsedEvent event = parse("""
                {"event_name": "offline_message", "widget_id": "3948", "chat_id": 2026, "user_token": "u-1",
                 "message": "Привет", "offline_message_id": 1665399500726, "client_id": "1217"}""");

        assertThat(event.columns()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "widget_id", "3948", "chat_id", "2026", "user_token", "u-1", "message", "Привет",
                "offline_message_id", "1665399500726", "client_id", "1217"));
        assertThat(event.chatId()).isEqualTo("2026");
    }

    @Test
    void visitorSessionGeoipUtmAndPageFieldsTakeTheirBareNames() throws Exception {
        ParsedEvent event = parse("""
                {"visitor": {"name": "Иван", "chats_count": 8, "social": {}},
                 "session": {"geoip": {"city": "Москва", "isp": ""}, "utm_json": {"keyword": "low_funnel"},
                             "ip_addr": "10.0.0.1"},
                 "page": {"url": "http://example.com/", "title": "T"}}""");

        assertThat(event.columns()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "name", "Иван", "chats_count", "8", "city", "Москва", "isp", "", "keyword", "low_funnel",
                "ip_addr", "10.0.0.1", "url", "http://example.com/", "title", "T"));
    }

    @Test
    void otherObjectsPrefixTheirPathWithoutDoublingALeafThatStartsWithIt() throws Exception {
        ParsedEvent event = parse("""
                {"agent": {"id": "2016", "name": "Thomas"}, "department": {"id": 181, "name": "Sales"},
                 "status": {"id": "4", "title": "contact_later"}, "organization": {"id": "1", "name": "Co"},
                 "assigned_agent": {"email": "a@b.c"}, "call": {"status": "end", "record_url": "http://r"},
                 "chat": {"rate": "positive", "blacklisted": false},
                 "topic": {"topic_id": 3, "title": "Topic_1", "parent_id": 1}}""");

        assertThat(event.columns()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("agent_id", "2016"), Map.entry("agent_name", "Thomas"),
                Map.entry("department_id", "181"), Map.entry("department_name", "Sales"),
                Map.entry("status_id", "4"), Map.entry("status_title", "contact_later"),
                Map.entry("organization_id", "1"), Map.entry("organization_name", "Co"),
                Map.entry("assigned_agent_email", "a@b.c"),
                Map.entry("call_status", "end"), Map.entry("call_record_url", "http://r"),
                Map.entry("chat_rate", "positive"), Map.entry("chat_blacklisted", "false"),
                Map.entry("topic_id", "3"), Map.entry("topic_title", "Topic_1"),
                Map.entry("topic_parent_id", "1")));
    }

    @Test
    void arraysAreOneColumnOfCompactJsonKeepingNumbersAndTextAsSent() throws Exception {
        ParsedEvent event = parse("""
                {"tags": [ {"id": "17", "title": "Скидка"} ],
                 "agents": [],
                 "chat": {"messages": [ {"message": "Привет \\"мир\\"", "timestamp": 1665396476, "score": 1.50E3,
                                         "type": "visitor", "agent_id": null, "seen": true} ]}}""");

        assertThat(event.columns()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "tags", "[{\"id\":\"17\",\"title\":\"Скидка\"}]",
                "agents", "[]",
                "chat_messages", "[{\"message\":\"Привет \\\"мир\\\"\",\"timestamp\":1665396476,\"score\":1.50E3,"
                        + "\"type\":\"visitor\",\"agent_id\":null,\"seen\":true}]"));
    }

    @Test
    void numbersAndBooleansBecomeTheirJsonText() throws Exception {
        ParsedEvent event = parse("""
                {"big": 123456789012345678901234567890, "negative": -0.5, "exponent": 1e5, "yes": true,
                 "no": false}""");

        assertThat(event.columns()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "big", "123456789012345678901234567890", "negative", "-0.5", "exponent", "1e5", "yes", "true",
                "no", "false"));
    }

    @Test
    void nullAndEmptyObjectsAndNullValuesMakeNoColumn() throws Exception {
        ParsedEvent event = parse("""
                {"organization": null, "status": {}, "analytics": null, "user_token": null,
                 "visitor": {"social": {}, "email": null, "name": "N"}}""");

        assertThat(event.columns()).isEqualTo(Map.of("name", "N"));
    }

    @Test
    void fieldsJivoAddsLaterGetColumnsByTheSameRules() throws Exception {
        ParsedEvent event = parse("""
                {"brand_new": "x", "session": {"geoip": {"timezone": "UTC+3"}},
                 "ticket": {"ticket_id": 9, "sla": {"hours": 4}}, "attributes": {"vip": 1}}""");

        assertThat(event.columns()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "brand_new", "x", "timezone", "UTC+3", "ticket_id", "9", "ticket_sla_hours", "4",
                "attributes_vip", "1"));
    }

    @Test
    void twoPathsToOneNameKeepBothTopLevelFirst() throws Exception {
        ParsedEvent event = parse("""
                {"visitor": {"name": "Visitor"}, "name": "Top", "agent": {"name": "A"}, "agent_name": "Flat",
                 "event_id": "payload id", "received_at": "payload time"}""");

        assertThat(event.columns()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "name", "Top", "visitor_name", "Visitor", "agent_name", "Flat", "agent_name_2", "A",
                "event_id_2", "payload id", "received_at_2", "payload time"));
    }

    @Test
    void anEventNameInsideAnObjectCannotTakeTheTypeColumn() throws Exception {
        ParsedEvent event = parse("{\"visitor\": {\"event_name\": \"fake\"}}");

        assertThat(event.eventName()).isNull();
        assertThat(event.columns()).isEqualTo(Map.of("visitor_event_name", "fake"));
    }

    @Test
    void chatIdIsIndexedAsTextWhetherStringOrNumber() throws Exception {
        assertThat(parse("{\"chat_id\": \"84\"}").chatId()).isEqualTo("84");
        assertThat(parse("{\"chat_id\": 84}").chatId()).isEqualTo("84");
        assertThat(parse("{\"chat_id\": {\"id\": 1}}").chatId()).isNull();
        assertThat(parse("{}").chatId()).isNull();
    }

    @Test
    void escapesOddWhitespaceAndAByteOrderMarkKeepTheirMeaning() throws Exception {
        String body = "\uFEFF{ \"event_name\" :\t\"chat_updated\" ,\r\n \"message\": \"line\\nnext \\\"quoted\\\" \\\\ \\u0416\","
                + "\"k\\u0065y\": \"escaped key\", \"ends_with_backslash\": \"a\\\\\","
                + "\"arr\" : [ \"]\" , { \"x\" : [ 1 , 2 ] } , \"\\\"}\" ] , \"n\":-1.5e-3 }";

        ParsedEvent event = parse(body);

        assertThat(event.eventName()).isEqualTo("chat_updated");
        assertThat(event.columns()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "message", "line\nnext \"quoted\" \\ Ж",
                "key", "escaped key",
                "ends_with_backslash", "a\\",
                "arr", "[\"]\",{\"x\":[1,2]},\"\\\"}\"]",
                "n", "-1.5e-3"));
        ColumnarTable written = new ColumnarTable(2);
        written.add(1, 0, "chat_updated", event.values());
        JsonNode table = json(written);
        event.columns().forEach((name, text) -> assertThat(table.get(name).get(0).asString()).isEqualTo(text));
    }

    /** The byte walk against a plain tree walk over Jackson's own reading of the same random bodies. */
    @Test
    void randomBodiesGiveWhatAJacksonTreeGives() throws Exception {
        java.util.Random random = new java.util.Random(42);
        int compared = 0;
        for (int i = 0; i < 500; i++) {
            tools.jackson.databind.node.ObjectNode body = randomObject(random, 0);
            byte[] bytes = random.nextBoolean() ? Json.MAPPER.writeValueAsBytes(body)
                    : Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
            Map<String, String> expected = new HashMap<>();
            if (!treeColumns(body, List.of(), expected)) {
                continue; // two paths reach one name: the collision rules, tested above, decide
            }
            assertThat(EventParser.parse(bytes).columns()).as(new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(expected);
            compared++;
        }
        assertThat(compared).as("bodies compared, not skipped").isGreaterThan(300);
    }

    private static tools.jackson.databind.node.ObjectNode randomObject(java.util.Random random, int depth) {
        tools.jackson.databind.node.ObjectNode object = Json.MAPPER.createObjectNode();
        int fields = random.nextInt(depth == 0 ? 12 : 5);
        for (int f = 0; f < fields; f++) {
            String key = List.of("a", "b_c", "ид", "x\"y", "t\\", "z").get(random.nextInt(6)) + random.nextInt(30);
            switch (random.nextInt(depth < 3 ? 7 : 5)) {
                case 0 -> object.put(key, randomText(random));
                case 1 -> object.put(key, random.nextLong());
                case 2 -> object.put(key, random.nextBoolean());
                case 3 -> object.putNull(key);
                case 4 -> object.putArray(key).add(randomText(random)).add(random.nextInt()).addObject()
                        .put("q", randomText(random));
                default -> object.set(key, randomObject(random, depth + 1));
            }
        }
        return object;
    }

    private static String randomText(java.util.Random random) {
        StringBuilder text = new StringBuilder();
        String alphabet = "ab \"\\/\n\t}{][:,Жё€😀\u0001";
        for (int i = random.nextInt(12); i > 0; i--) {
            text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                    random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return text.toString();
    }

    /** Columns by {@link ColumnNames} over Jackson's tree; false when two paths meet. */
    private static boolean treeColumns(JsonNode object, List<String> path, Map<String, String> columns) {
        for (var field : object.properties()) {
            List<String> fieldPath = new java.util.ArrayList<>(path);
            fieldPath.add(field.getKey());
            JsonNode value = field.getValue();
            if (value.isObject()) {
                if (!treeColumns(value, fieldPath, columns)) {
                    return false;
                }
                continue;
            }
            if (value.isNull()) {
                continue;
            }
            String text = value.isArray() ? Json.MAPPER.writeValueAsString(value)
                    : value.isString() ? value.asString() : value.toString();
            String name = ColumnNames.of(fieldPath);
            if (ReservedColumn.isReserved(name) || columns.put(name, text) != null) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyFieldGetsItsColumnAlsoBeyondTheFieldsRemembered() throws Exception {
        int fields = 3 * ColumnCache.MAX_REMEMBERED;
        StringBuilder body = new StringBuilder("{\"flood\": {");
        for (int i = 0; i < fields; i++) {
            body.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": ").append(i);
        }

        Map<String, String> columns = parse(body.append("}}").toString()).columns();

        assertThat(columns).hasSize(fields).containsEntry("flood_f0", "0")
                .containsEntry("flood_f" + (fields - 1), String.valueOf(fields - 1));
    }

    @Test
    void everyDocumentedSampleParses() throws Exception {
        for (var sample : Samples.all()) {
            ParsedEvent event = EventParser.parse(Samples.read(sample));
            assertThat(event.eventName()).as(sample.toString()).isNotBlank();
            assertThat(event.columns()).as(sample.toString()).isNotEmpty().doesNotContainValue(null);
        }
    }

    @Test
    void rejectsWhatIsNotOneJsonObjectOfUtf8() {
        assertInvalid("", "empty");
        assertInvalid("[1, 2]", "must be a JSON object");
        assertInvalid("\"text\"", "must be a JSON object");
        assertInvalid("{\"a\": 1", "not valid JSON");
        assertInvalid("{\"a\": 1} {\"b\": 2}", "more data after");
        assertInvalid("{\"a\": 1, \"a\": 2}", "Duplicate");
        assertInvalid("{\"event_name\": 5}", "event_name must be a string");
        assertInvalid("{\"x\": \"" + "\u0001" + "\"}", "not valid JSON");
        assertInvalid("{\"n\": " + "9".repeat(5000) + "}", "not valid JSON");
    }

    @Test
    void rejectsMalformedUtf8ThatJacksonAloneWouldAccept() {
        byte[] overlongNul = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        byte[] encodedSurrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        byte[] latin1 = "{\"a\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        for (byte[] body : List.of(overlongNul, encodedSurrogate, latin1)) {
            assertThatThrownBy(() -> EventParser.parse(body))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("not UTF-8");
        }
    }

    @Test
    void deepNestingIsRejectedWithoutOverflowingTheStack() {
        String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        String deepArrays = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertInvalid(deep, "nesting depth");
        assertInvalid(deepArrays, "nesting depth");
    }

    @Test
    void tableColumnsStayAlignedWhenEventsHaveDifferentFields() throws Exception {
        ColumnarTable written = new ColumnarTable(2);
        written.add(1, 0, "chat_updated", parse("{\"visitor\": {\"name\": \"A\"}}").values());
        written.add(2, 1000, "chat_updated", parse("{\"visitor\": {\"email\": \"b@c.d\"}}").values());

        JsonNode table = json(written);

        assertThat(table.propertyNames())
                .containsExactly("event_id", "received_at", "email", "event_name", "name");
        assertThat(table.get("event_id").toString()).isEqualTo("[1,2]");
        assertThat(table.get("received_at").toString())
                .isEqualTo("[\"1970-01-01T00:00:00.000Z\",\"1970-01-01T00:00:01.000Z\"]");
        assertThat(table.get("name").toString()).isEqualTo("[\"A\",null]");
        assertThat(table.get("email").toString()).isEqualTo("[null,\"b@c.d\"]");
        assertThat(table.get("event_name").toString()).isEqualTo("[\"chat_updated\",\"chat_updated\"]");
    }

    /** The table as the JSON a client reads. */
    private static JsonNode json(ColumnarTable table) throws java.io.IOException {
        JsonText text = new JsonText();
        table.appendTo(text);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        text.writeTo(out);
        assertThat(out.size()).as("the declared size").isEqualTo(text.size());
        return Json.MAPPER.readTree(out.toByteArray());
    }

    /** A row echoes every name above each value: a request's row is bounded in values and in path length. */
    @Test
    void aRequestBodyMayBringAtMostTenThousandValuesAndNoPathOverAThousandCharacters() throws Exception {
        StringBuilder many = new StringBuilder("{\"v0\": 0");
        for (int i = 1; i <= EventParser.MAX_VALUES; i++) {
            many.append(", \"v").append(i).append("\": ").append(i);
        }
        String deep = "{\"" + "k".repeat(600) + "\": {\"" + "l".repeat(600) + "\": {\"leaf\": 1}}}";
        String wide = "{\"" + "k".repeat(999) + "\": 1}";

        assertInvalid(many.append('}').toString(), "more than 10000 values");
        assertInvalid(deep, "path is longer than 1000 characters");
        assertThat(parse(wide).columns()).containsOnlyKeys("k".repeat(999));
        assertThat(EventParser.parseStored(deep.getBytes(StandardCharsets.UTF_8)).values().getFirst().name())
                .as("a stored body is read whatever it holds, its column cut at the limit").hasSize(1000);
    }

    private static void assertInvalid(String body, String message) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(message);
    }
}
