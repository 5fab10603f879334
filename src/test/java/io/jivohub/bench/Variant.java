package io.jivohub.bench;

import java.util.List;
import java.util.Locale;

/** The servers the benchmark compares, by the name its tables give them and the flags they are started with. */
enum Variant {
    /** The same HTTP layer, JSON checks, column rules and answer, but nothing stored: what durability costs. */
    BASELINE("baseline (no storage)", "--bench-baseline"),
    /** The default: one writer thread commits whatever is queued. */
    SQLITE("SQLite, group commit"),
    /** The default without folding the Jivo tables: what building them costs ingest. */
    SQLITE_NO_TABLES("SQLite, group commit, Jivo tables off", "--bench-no-tables"),
    /** A transaction and an fsync per event: what group commit saves. */
    SQLITE_NAIVE("SQLite, naive (a transaction per event)", "--max-batch", "1"),
    /** The default, on PostgreSQL. */
    POSTGRESQL("PostgreSQL, group commit");

    private final String title;
    private final List<String> flags;

    Variant(String title, String... flags) {
        this.title = title;
        this.flags = List.of(flags);
    }

    /** Its name in the tables. */
    String title() {
        return title;
    }

    List<String> flags() {
        return flags;
    }

    /** A name for its files: {@code baseline}, {@code sqlite}, … */
    String slug() {
        return name().toLowerCase(Locale.ROOT);
    }
}
