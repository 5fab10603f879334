package io.jivohub.columns;

/**
 * How much one page of a table may render, in every format. A table has a cell for each of its rows in each of its
 * columns, so events that each bring fields of their own make a page that grows as rows times columns: 1,000 such
 * events of 100 fields once rendered 501 MB. So a page ends early, as it does at 8 MiB of stored bodies, once the
 * next event would take it past {@value #MAX_CELLS} cells (about 10 MB of JSON even when every cell is
 * {@code null}); the rest comes on the next page, and the cursor still visits every event once. A page always holds
 * at least one event, and one event holds far fewer cells than the bound. Formats and tables added later render
 * within the same bound.
 */
public final class PageBound {
    /** The most cells one page renders, over all its tables. */
    public static final long MAX_CELLS = 2_000_000;

    private final long limit;
    private long cells;
    private int events;

    /** A bound of {@code limit} cells: {@link #MAX_CELLS}, or a share of it for part of a page. Not thread-safe. */
    public PageBound(long limit) {
        this.limit = limit;
    }

    /**
     * Whether an event that grows the page by {@code moreCells} still fits. The first event always does. A caller
     * may ask first with what an event adds at most, which is cheap to know, and work out the exact count only when
     * that does not fit.
     */
    public boolean fits(long moreCells) {
        return events == 0 || cells + moreCells <= limit;
    }

    /** Counts in an event that grew the page by {@code moreCells}. */
    public void add(long moreCells) {
        cells += moreCells;
        events++;
    }

    /** The events admitted so far. */
    public int events() {
        return events;
    }
}
