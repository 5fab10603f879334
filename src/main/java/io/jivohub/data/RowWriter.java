package io.jivohub.data;

import java.io.IOException;
import java.util.List;

import io.jivohub.tables.TableColumn;

/**
 * Writes the rows of a table in one format, as they come: memory follows what the format must hold back
 * (a page for the columnar form, a few rows for the others), never the table. Values are null, a
 * {@link String}, a {@link Long}, a {@link Boolean} or an {@link java.time.Instant}. Not thread-safe.
 */
interface RowWriter {
    /**
     * The columns of the rows that follow. A file (CSV, xlsx) and the columnar form hold one table and take them
     * once; the JSON rows take them again whenever they change (raw events of several types).
     */
    void header(List<TableColumn> columns) throws IOException;

    void row(List<Object> values) throws IOException;

    /** Ends the output. @param nextAfter where the next page starts, or null; written by formats with room for it */
    void finish(Long nextAfter) throws IOException;
}
