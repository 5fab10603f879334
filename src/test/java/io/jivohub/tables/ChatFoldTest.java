package io.jivohub.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.jivohub.json.Json;
import io.jivohub.support.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The fold rules of chats and messages, on events as varied as Jivo's: ids as numbers or text, nulls, gaps. */
@ExtendWith(Seeded.class)
class ChatFoldTest {
    private static final ChatFold FOLD = new ChatFold();
    /** Columns defined by the order events arrive in: the only ones another order may change. */
    private static final Set<String> BY_ARRIVAL = Set.of("accepted_at", "finished_at", "last_event_at",
            "started_at", "row_version");

    private static JivoEvent event(long id, long receivedAt, String json) {
        JsonNode body = Json.MAPPER.readTree(json);
        return new JivoEvent(id, 1, body.get("event_name").asString(), receivedAt, body);
    }

    private static JsonNode chat(MemoryRows rows, String widget, String chat) {
        return Json.MAPPER.readTree(rows.rows().get("chats" + List.of(widget, chat)).bytes());
    }

    private static MemoryRows fold(List<JivoEvent> events) {
        MemoryRows rows = new MemoryRows();
        for (JivoEvent event : events) {
            FOLD.fold(event, rows);
        }
        return rows;
    }

    @Test
    void idsAsNumbersOrTextNullObjectsAndMissingFieldsFoldAlike() {
        MemoryRows rows = fold(List.of(
                event(1, 1000, "{\"event_name\": \"chat_accepted\", \"widget_id\": 42, \"chat_id\": \"7\","
                        + " \"agent\": {\"id\": 5, \"name\": \"Анна\"}, \"visitor\": null, \"session\": null}"),
                event(2, 2000, "{\"event_name\": \"chat_updated\", \"widget_id\": \"42\", \"chat_id\": 7,"
                        + " \"visitor\": {\"name\": \"Иван\", \"email\": \"\", \"phone\": \"+7 (999) 123-45-67\"}}"),
                event(3, 3000, "{\"event_name\": \"chat_updated\", \"widget_id\": \"42\", \"chat_id\": 7,"
                        + " \"visitor\": {\"name\": null}}")));

        JsonNode chat = chat(rows, "42", "7");
        assertThat(chat.get("agent_id").asString()).isEqualTo("5");
        assertThat(chat.get("agent_name").asString()).isEqualTo("Анна");
        assertThat(chat.get("visitor_name").asString()).as("a later null erases nothing").isEqualTo("Иван");
        assertThat(chat.has("visitor_email")).as("an empty string is no value").isFalse();
        assertThat(chat.get("visitor_phone").asString()).isEqualTo("+7 (999) 123-45-67");
        assertThat(chat.get("events").asLong()).isEqualTo(3);
        assertThat(chat.get("accepted_at").asLong()).isEqualTo(1000);
        assertThat(chat.get("started_at").asLong()).as("no transcript: accepted_at").isEqualTo(1000);
        assertThat(chat.has("missed")).as("unknown before the transcript").isFalse();
    }

    @Test
    void anEmptyListOfTagsErasesNone() {
        MemoryRows rows = fold(List.of(
                event(1, 1000, "{\"event_name\": \"chat_accepted\", \"widget_id\": \"w\", \"chat_id\": 1,"
                        + " \"tags\": [{\"id\": \"17\", \"title\": \"VIP\"}]}"),
                event(2, 2000, "{\"event_name\": \"chat_finished\", \"widget_id\": \"w\", \"chat_id\": 1,"
                        + " \"tags\": [], \"chat\": {\"messages\": []}}")));

        assertThat(chat(rows, "w", "1").get("tags").asString()).isEqualTo("VIP");
    }

    @Test
    void aTranscriptOfOnlyVisitorMessagesIsMissedAndOneWithoutTimesIsCountedButNotTimed() {
        MemoryRows rows = fold(List.of(event(1, 1000, "{\"event_name\": \"chat_finished\", \"widget_id\": \"w\","
                + " \"chat_id\": 1, \"chat\": {\"messages\": [{\"type\": \"visitor\", \"message\": \"Алло?\","
                + " \"timestamp\": 100}, {\"type\": \"visitor\", \"message\": \"Есть кто?\", \"timestamp\": 160}]}}"),
                event(2, 2000, "{\"event_name\": \"chat_finished\", \"widget_id\": \"w\", \"chat_id\": 2,"
                        + " \"chat\": {\"messages\": [{\"type\": \"visitor\"}, {\"type\": \"bot\"},"
                        + " {\"type\": \"agent\"}]}, \"agents\": null}")));

        JsonNode unanswered = chat(rows, "w", "1");
        assertThat(unanswered.get("missed").asBoolean()).isTrue();
        assertThat(unanswered.get("duration_s").asLong()).isEqualTo(60);
        assertThat(unanswered.has("first_response_s")).isFalse();
        assertThat(unanswered.get("visitor_messages").asLong()).isEqualTo(2);

        JsonNode untimed = chat(rows, "w", "2");
        assertThat(untimed.get("missed").asBoolean()).isFalse();
        assertThat(untimed.get("agent_messages").asLong()).isEqualTo(1);
        assertThat(untimed.has("duration_s")).isFalse();
        assertThat(untimed.has("first_response_s")).isFalse();
        assertThat(rows.rows().get("messages" + List.of("w", "2", "2")).text("side")).as("the type as sent")
                .isEqualTo("bot");
    }

    @Test
    void theSameEventsInAnyOrderMakeTheSameChatButForColumnsDefinedByArrival(Random random) {
        for (int round = 0; round < 200; round++) {
            List<String> bodies = new ArrayList<>(List.of(
                    "{\"event_name\": \"chat_accepted\", \"widget_id\": \"w\", \"chat_id\": 9,"
                            + " \"agent\": {\"id\": \"3\", \"name\": \"Олег\"}, \"department\": {\"name\": \"Продажи\"}}",
                    "{\"event_name\": \"chat_updated\", \"widget_id\": \"w\", \"chat_id\": 9,"
                            + " \"visitor\": {\"email\": \"v@example.com\"}, \"tags\": [{\"title\": \"VIP\"}]}",
                    "{\"event_name\": \"chat_assigned\", \"widget_id\": \"w\", \"chat_id\": 9,"
                            + " \"assign_to\": \"https://crm.example.com/1\"}",
                    "{\"event_name\": \"call_event\", \"widget_id\": \"w\", \"chat_id\": 9,"
                            + " \"call\": {\"status\": \"start\", \"phone\": \"+79990000000\"}}",
                    "{\"event_name\": \"chat_finished\", \"widget_id\": \"w\", \"chat_id\": 9, \"agents\":"
                            + " [{\"id\": 3, \"name\": \"Олег\"}], \"chat\": {\"rate\": \"positive\", \"messages\": ["
                            + "{\"type\": \"visitor\", \"timestamp\": 10, \"message\": \"Здравствуйте\"},"
                            + "{\"type\": \"agent\", \"agent_id\": 3, \"timestamp\": 25, \"message\": \"Добрый день\"}]}}"));
            JsonNode inOrder = chat(fold(arrivals(bodies)), "w", "9");
            Collections.shuffle(bodies, random);
            JsonNode shuffled = chat(fold(arrivals(bodies)), "w", "9");

            assertThat(withoutArrival(shuffled)).as("order %s", bodies).isEqualTo(withoutArrival(inOrder));
            assertThat(shuffled.get("first_response_s").asLong()).isEqualTo(15);
            assertThat(shuffled.get("agent_name").asString()).isEqualTo("Олег");
            assertThat(shuffled.get("calls").asLong()).isEqualTo(1);
        }
    }

    /** The bodies as events arriving one a second, in this order. */
    private static List<JivoEvent> arrivals(List<String> bodies) {
        List<JivoEvent> events = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            events.add(event(i + 1, 1000L * (i + 1), bodies.get(i)));
        }
        return events;
    }

    private static JsonNode withoutArrival(JsonNode chat) {
        ObjectNode copy = (ObjectNode) chat.deepCopy();
        copy.remove(BY_ARRIVAL);
        return copy;
    }
}
