package io.jivohub.store;

import java.util.Locale;

/** What became of an event sent to a webhook URL; counted per connection and in the metrics. */
public enum Outcome {
    /** Committed as a new event. */
    STORED,
    /** A retry of an event stored before: answered, not stored again. */
    DUPLICATE,
    /** Of a type the connection does not capture: answered, not stored. */
    IGNORED,
    /** Not a valid event (400, 413): not stored. */
    REJECTED;

    /** The name in JSON and in metric tags: {@code stored}, {@code duplicate}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The column of {@code connections} that counts it: {@code stored_count}, {@code duplicate_count}, … */
    public String column() {
        return label() + "_count";
    }
}
