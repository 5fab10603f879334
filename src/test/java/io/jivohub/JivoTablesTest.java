package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.jivohub.json.Json;
import io.jivohub.support.AcrossStores;
import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Jivo tables through the data URL: Jivo's documented events, posted as Jivo posts them, read back as chats,
 * messages and offline messages, within a second and through the row-version cursor.
 */
class JivoTablesTest extends AcrossStores {
    private static final Duration WITHIN = Duration.ofSeconds(5);

    /** Jivo's sample of {@code type}, made an event of chat {@code chatId} of widget {@code w1}. */
    private static ObjectNode sample(String type, int chatId) {
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Samples.resource("jivo/samples/" + type + ".json"));
        event.put("widget_id", "w1");
        event.put("chat_id", chatId);
        return event;
    }

    private static void post(JsonNode connection, JsonNode event) {
        Response response = hub.post(connection.get("url").asString(), Json.MAPPER.writeValueAsString(event));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }

    private static JsonNode read(JsonNode connection, String query) {
        Response response = hub.get(connection.get("data_url").asString() + query);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    /** The rows of a one-table page, each as an object of its columns. */
    private static List<JsonNode> rows(JsonNode page) {
        return TestHub.tableRows(page);
    }

    /** The rows of {@code dataset} once {@code until} holds for them (the projector folds in the background). */
    private static List<JsonNode> rowsOnce(JsonNode connection, String dataset, Predicate<List<JsonNode>> until) {
        List<List<JsonNode>> seen = new ArrayList<>();
        await().atMost(WITHIN).until(() -> {
            Response response = hub.get(connection.get("data_url").asString() + "?dataset=" + dataset);
            if (response.status() != 200) {
                return false;
            }
            List<JsonNode> rows = rows(response.json());
            seen.add(rows);
            return until.test(rows);
        });
        return seen.getLast();
    }

    @Test
    void aChatIsOneRowMergedFromItsEventsWithItsMessages() {
        JsonNode connection = hub.connection("Chats", "all");
        post(connection, sample("chat_accepted", 101));
        post(connection, sample("chat_updated", 101));
        post(connection, sample("chat_finished", 101));

        JsonNode chat = rowsOnce(connection, "chats", rows -> rows.size() == 1
                && !rows.getFirst().get("finished_at").isNull()).getFirst();

        assertThat(chat.get("widget_id").asString()).isEqualTo("w1");
        assertThat(chat.get("chat_id").asString()).as("ids stay text").isEqualTo("101");
        assertThat(chat.get("accepted_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(chat.get("started_at").asString()).as("the first transcript message")
                .isEqualTo("2022-10-10T10:07:56.000Z");
        assertThat(chat.get("duration_s").asLong()).isEqualTo(7);
        assertThat(chat.get("first_response_s").isNumber()).isTrue();
        assertThat(chat.get("first_response_s").asLong()).isEqualTo(7);
        assertThat(chat.get("visitor_messages").asLong()).isEqualTo(1);
        assertThat(chat.get("agent_messages").asLong()).isEqualTo(1);
        assertThat(chat.get("missed").isBoolean()).isTrue();
        assertThat(chat.get("missed").asBoolean()).isFalse();
        assertThat(chat.get("agent_id").asString()).as("who accepted").isEqualTo("2016");
        assertThat(chat.get("agent_name").asString()).isEqualTo("Thomas Anderson");
        assertThat(chat.get("department").asString()).isEqualTo("Sales");
        assertThat(chat.get("topic").asString()).isEqualTo("Topic_1");
        assertThat(chat.get("visitor_email").asString()).isEqualTo("email@example.com");
        assertThat(chat.get("visitor_number").asString()).isEqualTo("2198");
        assertThat(chat.get("utm_source").asString()).isEqualTo("google");
        assertThat(chat.get("city").asString()).isEqualTo("San Francisco");
        assertThat(chat.get("page_url").asString()).isEqualTo("http://example.com/");
        assertThat(chat.get("blacklisted").asBoolean()).isFalse();
        assertThat(chat.get("rate").isNull()).isTrue();
        assertThat(chat.get("events").asLong()).isEqualTo(3);
        assertThat(chat.get("deleted").asBoolean()).isFalse();

        List<JsonNode> messages = rowsOnce(connection, "messages", rows -> rows.size() == 2);
        assertThat(messages).extracting(m -> m.get("seq").asLong()).containsExactlyInAnyOrder(1L, 2L);
        JsonNode agentMessage = messages.stream().filter(m -> m.get("seq").asLong() == 2).findFirst().orElseThrow();
        assertThat(agentMessage.get("side").asString()).isEqualTo("agent");
        assertThat(agentMessage.get("agent_id").asString()).isEqualTo("1");
        assertThat(agentMessage.get("agent_name").asString()).as("looked up in the event's agents")
                .isEqualTo("Thomas Anderson");
        assertThat(agentMessage.get("sent_at").asString()).isEqualTo("2022-10-10T10:08:03.000Z");
    }

    @Test
    void eventsOutOfOrderMakeTheSameChatAndAnUnansweredOneIsMissed() {
        JsonNode connection = hub.connection("Out of order", "all");
        ObjectNode finished = sample("chat_finished", 202);
        ArrayNode messages = (ArrayNode) finished.get("chat").get("messages");
        messages.remove(1); // only the visitor wrote
        finished.put("chat_id", "202"); // a string id this time
        post(connection, finished);
        post(connection, sample("chat_accepted", 202));

        JsonNode chat = rowsOnce(connection, "chats", rows -> rows.size() == 1
                && rows.getFirst().get("events").asLong() == 2).getFirst();

        assertThat(chat.get("chat_id").asString()).isEqualTo("202");
        assertThat(chat.get("missed").asBoolean()).isTrue();
        assertThat(chat.get("first_response_s").isNull()).isTrue();
        assertThat(chat.get("agent_name").asString()).isEqualTo("Thomas Anderson");
        assertThat(chat.get("accepted_at").isNull()).isFalse();
        assertThat(chat.get("finished_at").isNull()).isFalse();
    }

    @Test
    void aLaterTranscriptReplacesTheMessagesAndAMessageItLacksBecomesATombstone() {
        JsonNode connection = hub.connection("Transcripts", "all");
        ObjectNode first = sample("chat_finished", 303);
        ArrayNode messages = (ArrayNode) first.get("chat").get("messages");
        messages.add(((ObjectNode) messages.get(0).deepCopy()).put("message", "third"));
        post(connection, first);
        rowsOnce(connection, "messages", rows -> rows.size() == 3);
        long seen = maxVersion(read(connection, "?dataset=messages"));

        ObjectNode second = sample("chat_finished", 303);
        ((ObjectNode) second.get("chat").get("messages").get(1)).put("message", "edited");
        post(connection, second);

        List<JsonNode> changed = rowsOnce(connection, "messages", rows -> rows.stream()
                .anyMatch(row -> row.get("deleted").asBoolean()));
        JsonNode since = read(connection, "?dataset=messages&after=" + seen);
        assertThat(rows(since)).as("only what changed since").extracting(row -> row.get("seq").asLong())
                .containsExactlyInAnyOrder(2L, 3L);
        JsonNode third = changed.stream().filter(row -> row.get("seq").asLong() == 3).findFirst().orElseThrow();
        assertThat(third.get("deleted").asBoolean()).isTrue();
        assertThat(third.get("chat_id").asString()).as("a tombstone keeps its key").isEqualTo("303");
        assertThat(third.get("text").isNull()).isTrue();
        assertThat(changed.stream().filter(row -> row.get("seq").asLong() == 2).findFirst().orElseThrow()
                .get("text").asString()).isEqualTo("edited");
    }

    @Test
    void theCursorReturnsEachChangedRowOnceInVersionOrder() {
        JsonNode connection = hub.connection("Cursor", "all");
        for (int chat = 1; chat <= 5; chat++) {
            post(connection, sample("chat_accepted", 400 + chat));
        }
        rowsOnce(connection, "chats", rows -> rows.size() == 5);
        JsonNode page = read(connection, "?dataset=chats&limit=2");
        assertThat(rows(page)).hasSize(2);
        long after = page.get("next_after").asLong();
        assertThat(after).isEqualTo(maxVersion(page));
        post(connection, sample("chat_finished", 401));

        List<Long> chats = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        await().atMost(WITHIN).until(() -> {
            chats.clear();
            versions.clear();
            long from = after;
            for (JsonNode next = read(connection, "?dataset=chats&limit=2&after=" + from); ; ) {
                rows(next).forEach(row -> {
                    chats.add(row.get("chat_id").asLong());
                    versions.add(row.get("row_version").asLong());
                });
                if (next.get("next_after").isNull()) {
                    break;
                }
                from = next.get("next_after").asLong();
                next = read(connection, "?dataset=chats&limit=2&after=" + from);
            }
            return chats.contains(401L);
        });
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        assertThat(chats).containsExactlyInAnyOrder(403L, 404L, 405L, 401L);
    }

    /** Jivo's call_event sample with status {@code status}, of chat {@code chatId} (none when null). */
    private static ObjectNode call(Integer chatId, String status) {
        ObjectNode event = sample("call_event", 0);
        if (chatId == null) {
            event.remove("chat_id");
        } else {
            event.put("chat_id", chatId);
        }
        ((ObjectNode) event.get("call")).put("status", status);
        return event;
    }

    @Test
    void aCallIsOneRowFromItsStatusChanges() {
        JsonNode connection = hub.connection("Calls", "call_event");
        for (String status : List.of("start", "client_connected", "agent_connected", "end")) {
            post(connection, call(601, status));
        }

        JsonNode call = rowsOnce(connection, "calls", rows -> rows.size() == 1
                && rows.getFirst().get("events").asLong() == 4).getFirst();

        assertThat(call.get("call_id").asString()).isEqualTo("601");
        assertThat(call.get("outcome").asString()).isEqualTo("answered");
        assertThat(call.get("first_status").asString()).isEqualTo("start");
        assertThat(call.get("last_status").asString()).isEqualTo("end");
        assertThat(call.get("phone").asString()).as("a phone stays text").isEqualTo("+14084987855");
        assertThat(call.get("call_type").asString()).isEqualTo("callback");
        assertThat(call.get("record_url").asString()).isEqualTo("http://example.com/record.mp3");
        assertThat(call.get("agent_connected_at").isString()).isTrue();
        assertThat(call.get("ended_at").isString()).isTrue();
        assertThat(call.get("duration_s").isNumber()).isTrue();
    }

    @Test
    void callsWithoutAChatAreTheRunsOfEventsOnOnePhone() {
        JsonNode connection = hub.connection("Phone calls", "call_event");
        // Two calls' bodies differ somewhere (identical bodies are one event sent twice, stored once).
        post(connection, call(null, "start"));
        post(connection, call(null, "end"));
        post(connection, call(null, "start").put("page_seen", 2));
        post(connection, call(null, "error").put("page_seen", 2));

        List<JsonNode> calls = rowsOnce(connection, "calls", rows -> rows.size() == 2
                && rows.stream().allMatch(row -> row.get("events").asLong() == 2));

        assertThat(calls).extracting(row -> row.get("outcome").asString()).containsExactlyInAnyOrder("missed", "error");
        assertThat(calls).allSatisfy(row -> assertThat(row.get("call_id").asString()).startsWith("call:14084987855:"));
        assertThat(calls).allSatisfy(row -> assertThat(row.get("chat_id").isNull()).isTrue());
    }

    @Test
    void aVisitorIsOneRowCountingTheirChatsOfflineMessagesAndCalls() {
        JsonNode connection = hub.connection("Visitors", "all");
        ObjectNode offline = (ObjectNode) Json.MAPPER.readTree(Samples.resource("jivo/samples/offline_message.json"));
        post(connection, offline);
        post(connection, sample("chat_accepted", 701));
        post(connection, sample("chat_finished", 701));
        post(connection, sample("chat_accepted", 702));
        ObjectNode call = call(703, "start");
        ((ObjectNode) call.get("visitor")).put("number", "2198").put("name", "Джон");
        post(connection, call);

        JsonNode visitor = rowsOnce(connection, "visitors", rows -> rows.stream().anyMatch(row ->
                row.get("visitor_key").asString().equals("2198") && row.get("events").asLong() == 5)).stream()
                .filter(row -> row.get("visitor_key").asString().equals("2198")).findFirst().orElseThrow();

        assertThat(visitor.get("chats").asLong()).isEqualTo(2);
        assertThat(visitor.get("offline_messages").asLong()).isEqualTo(1);
        assertThat(visitor.get("calls").asLong()).isEqualTo(1);
        assertThat(visitor.get("name").asString()).as("the latest name, Cyrillic intact").isEqualTo("Джон");
        assertThat(visitor.get("email").asString()).isEqualTo("email@example.com");
        assertThat(Instant.parse(visitor.get("first_seen_at").asString()))
                .isBeforeOrEqualTo(Instant.parse(visitor.get("last_seen_at").asString()));
    }

    @Test
    void anOfflineMessageIsARowOfItsOwn() {
        JsonNode connection = hub.connection("Offline", "offline_message");
        post(connection, Json.MAPPER.readTree(Samples.resource("jivo/samples/offline_message.json")));

        JsonNode message = rowsOnce(connection, "offline_messages", rows -> rows.size() == 1).getFirst();

        assertThat(message.get("offline_message_id").asString()).as("a 13-digit id, as text")
                .isEqualTo("1665399500726");
        assertThat(message.get("message").asString()).isEqualTo("Message text");
        assertThat(message.get("visitor_name").asString()).isEqualTo("John Smith");
        assertThat(message.get("received_at").isString()).isTrue();
    }

    @Test
    void anErasedVisitorsChatsBecomeTombstones() {
        JsonNode connection = hub.connection("Erasure", "all");
        ObjectNode accepted = sample("chat_accepted", 501);
        ((ObjectNode) accepted.get("visitor")).put("email", "erase.me@example.com");
        post(connection, accepted);
        post(connection, sample("chat_accepted", 502));
        rowsOnce(connection, "chats", rows -> rows.size() == 2);

        ObjectNode call = call(null, "start");
        ((ObjectNode) call.get("visitor")).put("email", "erase.me@example.com").remove("number");
        ((ObjectNode) call.get("call")).put("phone", "+7 900 000-00-01");
        post(connection, call);
        rowsOnce(connection, "calls", rows -> rows.size() == 1);
        rowsOnce(connection, "visitors", rows -> rows.stream()
                .anyMatch(row -> row.get("visitor_key").asString().equals("email:erase.me@example.com")));

        Response erased = hub.post(hub.url("/jivo/admin/erasure"), "{\"email\": \"erase.me@example.com\"}");
        assertThat(erased.status()).as(erased.text()).isEqualTo(200);

        assertThat(rows(read(connection, "?dataset=calls"))).as("a call known only by its phone goes too")
                .allSatisfy(row -> assertThat(row.get("deleted").asBoolean()).isTrue());
        assertThat(rows(read(connection, "?dataset=visitors"))).filteredOn(row -> row.get("deleted").asBoolean())
                .isNotEmpty();

        List<JsonNode> chats = rows(read(connection, "?dataset=chats"));
        JsonNode gone = chats.stream().filter(row -> row.get("chat_id").asString().equals("501")).findFirst()
                .orElseThrow();
        assertThat(gone.get("deleted").asBoolean()).isTrue();
        assertThat(gone.get("visitor_email").isNull()).isTrue();
        assertThat(chats.stream().filter(row -> row.get("chat_id").asString().equals("502")).findFirst()
                .orElseThrow().get("deleted").asBoolean()).isFalse();
    }

    /** An id no database can index whole (PostgreSQL once refused it and the projector stalled for everyone). */
    @Test
    void anAbsurdlyLongIdStallsNobody() {
        JsonNode attacker = hub.connection("Long ids", "all");
        JsonNode victim = hub.connection("Next door", "all");
        ObjectNode longId = sample("chat_accepted", 0);
        longId.put("chat_id", "x".repeat(4000));
        post(attacker, longId);
        post(victim, sample("chat_accepted", 801));

        rowsOnce(victim, "chats", rows -> rows.size() == 1);
        JsonNode chat = rowsOnce(attacker, "chats", rows -> rows.size() == 1).getFirst();
        assertThat(chat.get("chat_id").asString()).hasSize(4000);
    }

    @Test
    void theAdminSeesTheBuildAndCanStartOne() {
        Response status = hub.get(hub.url("/jivo/admin/tables"));
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("rules_version").asInt()).isPositive();

        Response started = hub.post(hub.url("/jivo/admin/rebuild"), "");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        assertThat(started.json().get("ready").asBoolean()).isFalse();

        await().atMost(Duration.ofSeconds(20)).until(() -> hub.get(hub.url("/jivo/admin/tables")).json()
                .get("ready").asBoolean());
        JsonNode done = hub.get(hub.url("/jivo/admin/tables")).json();
        assertThat(done.get("events_folded").asLong()).isEqualTo(done.get("events_to_fold").asLong());
        assertThat(done.get("build").asLong()).isGreaterThan(started.json().get("build").asLong() - 1);
        assertThat(hub.get(hub.url("/jivo/admin/tables"), "Authorization", "Bearer wrong-token-0123456789")
                .status()).isEqualTo(401);
    }

    @Test
    void fromAndToSelectRowsByWhenTheirNewestEventArrived() {
        JsonNode connection = hub.connection("Between", "all");
        post(connection, sample("chat_accepted", 901));
        rowsOnce(connection, "chats", rows -> rows.size() == 1);
        String between = Instant.now().plusMillis(5).toString();
        await().atMost(WITHIN).until(() -> Instant.now().isAfter(Instant.parse(between)));
        post(connection, sample("chat_accepted", 902));
        rowsOnce(connection, "chats", rows -> rows.size() == 2);

        assertThat(rows(read(connection, "?dataset=chats&from=" + between))).extracting(row -> row.get("chat_id")
                .asString()).containsExactly("902");
        assertThat(rows(read(connection, "?dataset=chats&to=" + between))).extracting(row -> row.get("chat_id")
                .asString()).containsExactly("901");
        assertThat(hub.get(connection.get("data_url").asString() + "?dataset=chats&from=2026-12-02&to=2026-12-01")
                .status()).isEqualTo(400);
    }

    @Test
    void badTableParametersGet400NamingThem() {
        JsonNode connection = hub.connection("Bad tables", "all");
        String dataUrl = connection.get("data_url").asString();

        assertThat(hub.get(dataUrl + "?dataset=chatz").json().get("error").asString())
                .contains("dataset must be events or chats, messages, calls, offline_messages, visitors");
        assertThat(hub.get(dataUrl + "?dataset=chats&event_name=chat_accepted").status()).isEqualTo(400);
        assertThat(hub.get(dataUrl + "?dataset=chats&after=-1").status()).isEqualTo(400);
    }

    private static long maxVersion(JsonNode page) {
        return rows(page).stream().mapToLong(row -> row.get("row_version").asLong()).max().orElse(0);
    }
}
