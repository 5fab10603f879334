package io.jivohub.support;

import java.nio.file.Path;

/** The stores jivohub runs on; integration suites run once on each. */
public enum StoreKind {
    SQLITE {
        @Override
        public String newDatabase(Path folder) {
            return "jdbc:sqlite:" + folder.resolve("jivohub.db");
        }
    },
    POSTGRESQL {
        @Override
        public String newDatabase(Path folder) {
            return TestPostgres.newDatabase();
        }
    };

    /** The JDBC URL of a new, empty store ({@code folder} is where a file store may live). */
    public abstract String newDatabase(Path folder);
}
