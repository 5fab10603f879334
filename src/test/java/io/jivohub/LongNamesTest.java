package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Field names are bounded, and names from bodies are not kept: they once held 500 MB after a full GC. */
class LongNamesTest {

    private static byte[] body(int names, int nameLength, int seed) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < names; i++) {
            String name = (seed + "-" + i + "-").repeat(nameLength);
            json.append(i == 0 ? "" : ",").append('"').append(name, 0, nameLength).append("\": 1");
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aNameLongerThanAThousandCharactersIsA400(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder)) {
            String url = hub.connection("Names", "chat_finished").get("url").asString();

            Response tooLong = hub.post(url, body(1, 1001, 0));
            Response longest = hub.post(url, body(1, 1000, 0));

            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.json().get("error").asString()).contains("Name length (1001)", "maximum allowed (1000)")
                    .doesNotContain("StreamReadConstraints");
            assertThat(longest.status()).isEqualTo(200);
        }
    }

    /** Accepted bodies with names at the limit, read back too: none of the names is kept. */
    @Test
    void longNamesOfStoredEventsAreNotKeptEither(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder, "--max-body-bytes", String.valueOf(16 << 20))) {
            JsonNode connection = hub.connection("Names", "chat_updated");
            hub.post(connection.get("url").asString(), body(10, 50, -1));
            long before = heapAfterGc();

            for (int i = 0; i < 60; i++) {
                assertThat(hub.post(connection.get("url").asString(), body(150, 1000, i)).status()).isEqualTo(200);
            }
            assertThat(hub.eventIds(connection.get("data_url").asString())).hasSize(61);

            long grown = heapAfterGc() - before;
            assertThat(grown).as("bytes still held after 60 stored events of 150 names of 1,000 characters, read back")
                    .isLessThan(32L << 20);
        }
    }

    @Test
    void namesOfRejectedBodiesAreNotKept(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder, "--max-body-bytes", String.valueOf(16 << 20))) {
            String url = hub.connection("Names", "all").get("url").asString();
            hub.post(url, body(10, 50, -1)); // warm up
            long before = heapAfterGc();

            for (int i = 0; i < 60; i++) {
                assertThat(hub.post(url, body(150, 49_000, i)).status()).isEqualTo(400);
            }

            long grown = heapAfterGc() - before;
            assertThat(grown).as("bytes still held after 60 bodies with 150 names of 49,000 characters each")
                    .isLessThan(64L << 20);
        }
    }
}
