package io.jivohub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The temporary folder the servers run in and keep their SQLite files in, deleted with all of it at the end. */
record WorkFolder(Path path) {
    static WorkFolder create() throws IOException {
        return new WorkFolder(Files.createTempDirectory("jivohub-bench"));
    }

    /** The JDBC URL of the SQLite file {@code name}.db in the folder. */
    String sqlite(String name) {
        return "jdbc:sqlite:" + path.resolve(name + ".db");
    }

    /** Deletes the folder and everything in it, if it is still there. */
    void delete() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> files = Files.walk(path)) {
            deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path file : deepestFirst) {
            Files.delete(file);
        }
    }
}
