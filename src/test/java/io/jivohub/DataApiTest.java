package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.jivohub.json.Json;
import io.jivohub.store.Events;
import io.jivohub.support.AcrossStores;
import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DataApiTest extends AcrossStores {
    private static long post(JsonNode connection, byte[] body) {
        Response response = hub.post(connection.get("url").asString(), body);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json().get("data").get(0).get("event_id").get(0).asLong();
    }

    private static JsonNode read(JsonNode connection, String query) {
        Response response = hub.get(connection.get("data_url").asString() + query);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("data").forEach(table -> table.get("event_id").forEach(id -> ids.add(id.asLong())));
        return ids.stream().sorted().toList();
    }

    @Test
    void nothingStoredIsAnEmptyList() {
        JsonNode page = read(hub.connection("Empty", "all"), "");

        assertThat(page).isEqualTo(Json.MAPPER.readTree("{\"data\": [], \"next_after\": null}"));
    }

    @Test
    void oneTablePerTypeOrderedByTypeWithAlignedColumns() {
        JsonNode connection = hub.connection("Tables", "all");
        post(connection, Samples.resource("jivo/samples/offline_message.json"));
        post(connection, Samples.resource("jivo/samples/call_event.json"));
        post(connection, "{\"event_name\": \"offline_message\", \"message\": \"no visitor\"}".getBytes());
        post(connection, Samples.resource("jivo/samples/chat_finished.json"));

        JsonNode data = read(connection, "").get("data");

        assertThat(data).hasSize(3);
        assertThat(data).extracting(table -> table.get("event_name").get(0).asString())
                .containsExactly("call_event", "chat_finished", "offline_message");
        JsonNode offline = data.get(2);
        offline.properties().forEach(column ->
                assertThat(column.getValue()).as(column.getKey()).hasSize(2));
        assertThat(offline.get("email").toString()).isEqualTo("[\"email@example.com\",null]");
        assertThat(offline.get("message").toString()).isEqualTo("[\"Message text\",\"no visitor\"]");
        assertThat(offline.get("offline_message_id").toString()).isEqualTo("[\"1665399500726\",null]");
    }

    @Test
    void filtersByEventName() {
        JsonNode connection = hub.connection("Filter", "all");
        post(connection, Samples.resource("jivo/samples/chat_accepted.json"));
        long finished = post(connection, Samples.resource("jivo/samples/chat_finished.json"));

        JsonNode page = read(connection, "?event_name=chat_finished");

        assertThat(ids(page)).containsExactly(finished);
        assertThat(read(connection, "?event_name=call_event")).isEqualTo(
                Json.MAPPER.readTree("{\"data\": [], \"next_after\": null}"));
    }

    @Test
    void pagesWithAfterAndLimitAndSaysWhereToGoOn() {
        JsonNode connection = hub.connection("Pages", "all");
        List<Long> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(post(connection, chatFinished(i)));
        }

        JsonNode first = read(connection, "?limit=2");
        JsonNode second = read(connection, "?limit=2&after=" + first.get("next_after").asLong());
        JsonNode last = read(connection, "?limit=2&after=" + second.get("next_after").asLong());
        JsonNode exact = read(connection, "?limit=5");

        assertThat(ids(first)).containsExactlyElementsOf(stored.subList(0, 2));
        assertThat(first.get("next_after").asLong()).isEqualTo(stored.get(1));
        assertThat(ids(second)).containsExactlyElementsOf(stored.subList(2, 4));
        assertThat(ids(last)).containsExactly(stored.get(4));
        assertThat(last.get("next_after").isNull()).isTrue();
        assertThat(exact.get("next_after").isNull()).as("nothing remains after a full last page").isTrue();
        assertThat(ids(read(connection, "?after=" + stored.get(4)))).isEmpty();
    }

    @Test
    void pagesOfHugeTranscriptsEndEarlyAndTheCursorStillSeesEveryEvent() {
        JsonNode connection = hub.connection("Huge", "chat_finished");
        int size = 7 * 1024 * 1024;
        int events = Events.PAGE_BYTES / size + 2;
        List<Long> stored = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String transcript = String.valueOf((char) ('a' + i)).repeat(size - 100);
            stored.add(post(connection, ("{\"event_name\": \"chat_finished\", \"plain_messages\": \"" + transcript
                    + "\"}").getBytes()));
        }

        JsonNode first = read(connection, "?limit=100");
        List<Long> firstIds = ids(first);
        List<Long> seen = new ArrayList<>(firstIds);
        for (JsonNode page = first; !page.get("next_after").isNull(); ) {
            page = read(connection, "?limit=100&after=" + page.get("next_after").asLong());
            seen.addAll(ids(page));
        }

        assertThat(firstIds).hasSizeLessThan(events);
        assertThat(first.get("next_after").asLong()).isEqualTo(firstIds.getLast());
        assertThat(seen).containsExactlyElementsOf(stored);
    }

    /**
     * Two bodies the store hands over as one page (the first is under its 8 MiB) whose arrays render each at almost
     * twice their size, their quotes escaped: the page ends after the first, at the bound of rendered bytes.
     */
    @Test
    void aPageEndsAtItsBoundOfRenderedBytes() {
        JsonNode connection = hub.connection("Quotes", "chat_finished");
        String list = "[" + "\"\",".repeat(7 * 1024 * 1024 / 3 - 100) + "\"\"]";
        List<Long> stored = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            stored.add(post(connection, ("{\"event_name\": \"chat_finished\", \"n\": " + i + ", \"tags\": " + list
                    + "}").getBytes()));
        }

        JsonNode first = read(connection, "?limit=100");
        JsonNode second = read(connection, "?limit=100&after=" + first.get("next_after").asLong());

        assertThat(ids(first)).containsExactly(stored.getFirst());
        assertThat(ids(second)).containsExactly(stored.getLast());
        assertThat(second.get("next_after").isNull()).isTrue();
    }

    @Test
    void filtersByReceivedTime() {
        JsonNode connection = hub.connection("Times", "all");
        for (int i = 0; i < 6; i++) {
            post(connection, chatFinished(i));
        }
        JsonNode all = read(connection, "").get("data").get(0);
        List<Instant> times = new ArrayList<>();
        all.get("received_at").forEach(time -> times.add(Instant.parse(time.asString())));
        Instant from = times.get(2);
        Instant to = times.get(5);

        JsonNode window = read(connection, "?from=" + from + "&to=" + to).get("data").get(0);
        JsonNode sinceDate = read(connection, "?from=" + from.toString().substring(0, 10));
        JsonNode offset = read(connection, "?from=" + from.atOffset(java.time.ZoneOffset.ofHours(3))
                .toString().replace("+", "%2B"));

        window.get("received_at").forEach(time ->
                assertThat(Instant.parse(time.asString())).isBetween(from, to.minusMillis(1)));
        long inWindow = times.stream().filter(time -> !time.isBefore(from) && time.isBefore(to)).count();
        assertThat(window.get("event_id")).hasSize((int) inWindow);
        assertThat(ids(sinceDate)).hasSize(6);
        assertThat(ids(offset)).hasSize((int) times.stream().filter(time -> !time.isBefore(from)).count());
    }

    @Test
    void badParametersGet400NamingThem() {
        String dataUrl = hub.connection("Bad parameters", "all").get("data_url").asString();

        assertBad(dataUrl + "?limit=0", "limit");
        assertBad(dataUrl + "?limit=10001", "limit");
        assertBad(dataUrl + "?limit=ten", "limit");
        assertBad(dataUrl + "?after=-1", "after");
        assertBad(dataUrl + "?after=1.5", "after");
        assertBad(dataUrl + "?from=yesterday", "from");
        assertBad(dataUrl + "?to=2026-13-01", "to");
        assertBad(dataUrl + "?from=2026-11-02&to=2026-11-01", "from must be before to");
        assertBad(dataUrl + "?event_name=Chat%20Finished", "event_name");
        assertBad(dataUrl + "?limt=5", "limt");
        assertBad(dataUrl + "?limit=5&limit=6", "limit");
    }

    @Test
    void unknownReadKeysGet404() {
        JsonNode connection = hub.connection("Read keys", "all");

        Response unknown = hub.get(hub.url("/jivo/data/" + "a".repeat(64)));
        Response webhookKey = hub.get(hub.url("/jivo/data/" + connection.get("key").asString()));
        Response post = hub.post(connection.get("data_url").asString(), "{}");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(webhookKey.status()).isEqualTo(404);
        assertThat(webhookKey.text()).isEqualTo(unknown.text());
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void aCursorWalkSeesEveryEventExactlyOnceWhileEventsArrive() throws Exception {
        JsonNode connection = hub.connection("Cursor", "all");
        int events = 300;
        ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> writers = CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> writeEvents(connection, 0, events / 2, acknowledged)),
                CompletableFuture.runAsync(() -> writeEvents(connection, events / 2, events, acknowledged)));

        List<Long> seen = hub.followCursor(connection.get("data_url").asString(), 7, writers);
        writers.join();

        assertThat(seen).doesNotHaveDuplicates().isSorted();
        Set<Long> expected = new HashSet<>(acknowledged);
        assertThat(expected).hasSize(events);
        assertThat(new HashSet<>(seen)).isEqualTo(expected);
    }

    private static void writeEvents(JsonNode connection, int from, int to, ConcurrentLinkedQueue<Long> ids) {
        for (int i = from; i < to; i++) {
            ids.add(post(connection, chatFinished(100_000 + i)));
        }
    }

    private static void assertBad(String url, String parameter) {
        Response response = hub.get(url);
        assertThat(response.status()).as(url).isEqualTo(400);
        assertThat(response.json().get("error").asString()).as(url).contains(parameter);
    }
}
