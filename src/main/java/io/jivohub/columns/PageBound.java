package io.jivohub.columns;

/**
 * How much one page of a table may render, in every format. A table has a cell for each of its rows in each of its
 * columns, so events that each bring fields of their own make a page that grows as rows times columns: 1,000 such
 * events of 100 fields once rendered 501 MB. So a page ends early, as it does at 8 MiB of stored bodies, once the
 * next event would take it past {@value #MAX_CELLS} cells (about 10 MB of JSON even when every cell is
 * {@code null}) or past {@value #MAX_BYTES} bytes of column names and values; the rest comes on the next page, and
 * the cursor still visits every event once. A page always holds at least one event; one event holds at most
 * {@value EventParser#MAX_VALUES} values, each named by at most {@value ColumnCache#MAX_PATH} characters (checked
 * when it arrives). Formats and tables added later render within the same bound. Not thread-safe.
 */
public final class PageBound {
    /** The most cells one page renders, over all its tables. */
    public static final long MAX_CELLS = 2_000_000;
    /** The most bytes of column names and values one page renders. */
    public static final long MAX_BYTES = 16L << 20;

    private final long maxCells;
    private final long maxBytes;
    private long cells;
    private long bytes;
    private int events;

    /** The bound of a whole page. */
    public PageBound() {
        this(1);
    }

    /** A {@code share}th of the bound, for one of the parts a page is rendered in. */
    public PageBound(int share) {
        this.maxCells = MAX_CELLS / share;
        this.maxBytes = MAX_BYTES / share;
    }

    /**
     * Whether an event that grows the page by {@code moreCells} and {@code moreBytes} still fits. The first event
     * always does. A caller may ask first with what an event adds at most, which is cheap to know, and work out the
     * exact counts only when that does not fit.
     */
    public boolean fits(long moreCells, long moreBytes) {
        return events == 0 || cells + moreCells <= maxCells && bytes + moreBytes <= maxBytes;
    }

    /** Counts in an event that grew the page by {@code moreCells} and {@code moreBytes}. */
    public void add(long moreCells, long moreBytes) {
        cells += moreCells;
        bytes += moreBytes;
        events++;
    }

    /** The events admitted so far. */
    public int events() {
        return events;
    }
}
