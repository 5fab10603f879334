package io.jivohub.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import io.jivohub.json.Json;
import io.jivohub.support.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated chats, calls, offline messages and the visitors behind them, folded by every rule in the order they were
 * made and in random orders: every row of every table comes out the same, but for the columns defined by the order
 * events arrive in (moments, first and last status) and what a fold keeps for itself.
 */
@ExtendWith(Seeded.class)
class FoldOrderTest {
    private static final List<Fold> FOLDS = List.of(new ChatFold(), new CallFold(), new OfflineMessageFold(),
            new VisitorFold());
    private static final Map<String, Set<String>> BY_ARRIVAL = Map.of(
            "chats", Set.of("accepted_at", "finished_at", "last_event_at", "started_at"),
            "calls", Set.of("first_status", "last_status", "started_at", "client_connected_at",
                    "agent_connected_at", "ended_at", "duration_s", "last_event_at"),
            "offline_messages", Set.of("received_at"),
            "visitors", Set.of("first_seen_at", "last_seen_at"));

    /** A person who writes, calls and chats; each event names them by some of what is known of them. */
    private record Person(String number, String email, String phone, String name) {
        ObjectNode visitor(Random random) {
            ObjectNode visitor = Json.MAPPER.createObjectNode();
            if (random.nextBoolean()) {
                visitor.put("number", number);
            }
            if (random.nextBoolean()) {
                visitor.put("email", email);
            }
            if (random.nextInt(3) == 0) {
                visitor.put("phone", phone);
            }
            if (random.nextBoolean()) {
                visitor.put("name", name);
            }
            return visitor;
        }
    }

    @Test
    void everyTableIsTheSameInAnyOrderButForColumnsDefinedByArrival(Random random) {
        for (int round = 0; round < 100; round++) {
            List<JsonNode> bodies = scenario(random);
            Map<String, JsonNode> inOrder = fold(bodies);
            List<JsonNode> shuffled = new ArrayList<>(bodies);
            Collections.shuffle(shuffled, random);

            Map<String, JsonNode> reordered = fold(shuffled);

            assertThat(reordered).as("round %d, order %s", round, shuffled).isEqualTo(inOrder);
        }
    }

    private static List<JsonNode> scenario(Random random) {
        List<Person> people = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            people.add(new Person(String.valueOf(100 + p), "p" + p + "@example.com", "+7 999 000-00-0" + p,
                    "Посетитель " + p));
        }
        List<JsonNode> bodies = new ArrayList<>();
        for (int chat = 1; chat <= 4; chat++) {
            Person person = people.get(random.nextInt(people.size()));
            Object chatId = random.nextBoolean() ? chat : String.valueOf(chat);
            for (String type : List.of("chat_accepted", "chat_updated", "chat_assigned", "chat_finished")) {
                if (random.nextInt(4) > 0) {
                    ObjectNode body = event(type, chatId);
                    body.set("visitor", person.visitor(random));
                    if (type.equals("chat_accepted")) {
                        body.putObject("agent").put("id", "3").put("name", "Олег");
                    }
                    if (type.equals("chat_finished")) {
                        ArrayNode messages = body.putObject("chat").putArray("messages");
                        messages.addObject().put("type", "visitor").put("timestamp", 10).put("message", "Алло?");
                        if (random.nextBoolean()) {
                            messages.addObject().put("type", "agent").put("agent_id", 3).put("timestamp", 25)
                                    .put("message", "Добрый день");
                        }
                        body.putArray("agents").addObject().put("id", 3).put("name", "Олег");
                    }
                    bodies.add(body);
                }
            }
        }
        for (int call = 11; call <= 13; call++) {
            Person person = people.get(random.nextInt(people.size()));
            List<String> statuses = new ArrayList<>(List.of("start", "client_connected", "agent_connected",
                    random.nextInt(4) == 0 ? "error" : "end"));
            statuses.removeIf(status -> random.nextInt(3) == 0);
            for (String status : statuses) {
                ObjectNode body = event("call_event", random.nextBoolean() ? call : String.valueOf(call));
                body.set("visitor", person.visitor(random));
                body.putObject("call").put("type", "callback").put("phone", person.phone()).put("status", status);
                if (status.equals("agent_connected")) {
                    body.putObject("agent").put("id", "5").put("name", "Анна");
                }
                bodies.add(body);
            }
        }
        for (int message = 21; message <= 23; message++) {
            Person person = people.get(random.nextInt(people.size()));
            int copies = 1 + random.nextInt(2);
            for (int copy = 0; copy < copies; copy++) {
                ObjectNode body = Json.MAPPER.createObjectNode().put("event_name", "offline_message")
                        .put("widget_id", "w").put("message", "Перезвоните");
                if (random.nextBoolean()) {
                    body.put("offline_message_id", message);
                } else {
                    body.put("offline_message_id", String.valueOf(message));
                }
                body.set("visitor", person.visitor(random));
                bodies.add(body);
            }
        }
        return bodies;
    }

    private static ObjectNode event(String type, Object chatId) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("event_name", type).put("widget_id", "w");
        if (chatId instanceof Integer number) {
            body.put("chat_id", number);
        } else {
            body.put("chat_id", (String) chatId);
        }
        return body;
    }

    /** Every shown row of every table after folding {@code bodies}, arriving one a second, in this order. */
    private static Map<String, JsonNode> fold(List<JsonNode> bodies) {
        MemoryRows rows = new MemoryRows();
        for (int i = 0; i < bodies.size(); i++) {
            JivoEvent event = new JivoEvent(i + 1, 1, bodies.get(i).get("event_name").asString(), 1000L * (i + 1),
                    bodies.get(i));
            for (Fold fold : FOLDS) {
                fold.fold(event, rows);
            }
        }
        Map<String, JsonNode> shown = new TreeMap<>();
        rows.rows().forEach((name, state) -> {
            String dataset = name.substring(0, name.indexOf('['));
            if (dataset.startsWith("_")) {
                return;
            }
            ObjectNode row = (ObjectNode) Json.MAPPER.readTree(state.bytes());
            row.remove(BY_ARRIVAL.getOrDefault(dataset, Set.of()));
            row.properties().removeIf(field -> field.getKey().startsWith("_"));
            shown.put(name, row);
        });
        return shown;
    }
}
