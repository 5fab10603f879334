package io.jivohub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.jivohub.support.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer and the SQLite file under sustained load, without HTTP in between. */
class WriterTest {

    /**
     * The WAL must not grow without bound under continuous writes (it did, to gigabytes, when checkpoints were
     * moved out of the writer: a checkpoint beside a busy writer never catches up, so the WAL never starts over).
     */
    @Test
    void theWalStaysBoundedUnderSustainedWrites(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("store.db");
        Path wal = folder.resolve("store.db-wal");
        long walLimit = 16L << 20;
        long largestWal = 0;
        long newestId;
        try (Store store = Store.open("jdbc:sqlite:" + file, 1000, new SimpleMeterRegistry())) {
            long connectionId = store.connections()
                    .createOrGet("Load", "all", "a".repeat(64), "b".repeat(64), 0).connection().id();
            byte[] filler = new byte[2000];
            for (int round = 0; round < 30; round++) {
                List<Thread> writers = new ArrayList<>();
                for (int t = 0; t < 64; t++) {
                    writers.add(Thread.ofVirtual().start(() -> {
                        for (int i = 0; i < 20; i++) {
                            ThreadLocalRandom.current().nextBytes(filler.clone());
                            byte[] body = withPadding(TestEvents.chatFinished(ThreadLocalRandom.current().nextInt()));
                            store.writer().write(NewEvent.of(connectionId, "a".repeat(64), "chat_finished", null, List.of(), body));
                        }
                    }));
                }
                for (Thread writer : writers) {
                    writer.join();
                }
                largestWal = Math.max(largestWal, Files.size(wal));
            }
            newestId = store.committed().lastId();
        }
        assertThat(Files.size(file)).as("events reached the database file").isGreaterThan(50L << 20);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.ResultSet max = db.createStatement().executeQuery("SELECT max(id) FROM events")) {
            max.next();
            assertThat(newestId).as("the commit signal follows the commits").isEqualTo(max.getLong(1));
        }
        assertThat(largestWal).as("largest WAL while ~80 MiB were written").isLessThan(walLimit);
    }

    private static byte[] withPadding(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return (text.substring(0, text.length() - 1) + ", \"pad\": \"" + "x".repeat(2000) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
