package io.jivohub.bench;

/** The Markdown the benchmark prints at the end; remembers whether a target was missed. Not thread-safe. */
final class Report {
    private final StringBuilder text = new StringBuilder();
    private boolean missed;

    void line(String line) {
        text.append(line).append('\n');
    }

    void section(String title) {
        text.append("\n### ").append(title).append("\n\n");
    }

    void row(String... rows) {
        for (String row : rows) {
            line(row);
        }
    }

    /** The head of a targets table. */
    void targets() {
        row("| measure | value | target | result |", "|---|---|---|---|");
    }

    /** A row of a targets table that reports without judging. */
    void info(String row) {
        line(row + " |");
    }

    /** A row of a targets table, marked met or missed. */
    void check(String row, boolean met) {
        missed |= !met;
        line(row + " " + (met ? "met" : "**MISSED**") + " |");
    }

    boolean missed() {
        return missed;
    }

    void print() {
        System.out.print(text);
    }
}
