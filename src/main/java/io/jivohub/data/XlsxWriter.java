package io.jivohub.data;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.jivohub.tables.TableColumn;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A table as one xlsx sheet, written as it streams (fastexcel, flushed every {@value #FLUSH_ROWS} rows).
 * Numbers are number cells, booleans boolean cells, times date cells in {@code tz=}'s zone; text (ids and phone
 * numbers included) stays text, and text cells never run as formulas, so nothing needs a guard. A cell holds at
 * most {@value #MAX_CELL} characters: longer text is cut with a visible marker (the other formats keep it whole);
 * a sheet holds at most {@value #MAX_ROWS} rows, and a last row says when there were more.
 */
final class XlsxWriter implements RowWriter {
    static final int MAX_CELL = 32_767;
    static final int MAX_ROWS = 1_048_576;
    private static final int FLUSH_ROWS = 1000;
    private static final String TIME_FORMAT = "yyyy-mm-dd hh:mm:ss";

    private final Workbook workbook;
    private final Worksheet sheet;
    private final ZoneId zone;
    private int row;
    private boolean full;

    /** @param sheetName the sheet's name: a dataset's or an event type's (at most 31 characters are kept) */
    XlsxWriter(OutputStream out, String sheetName, ZoneId zone) {
        this.workbook = new Workbook(out, "jivohub", "1.0");
        this.sheet = workbook.newWorksheet(sheetName.substring(0, Math.min(31, sheetName.length())));
        this.zone = zone;
    }

    @Override
    public void header(List<TableColumn> columns) {
        for (int c = 0; c < columns.size(); c++) {
            sheet.value(0, c, columns.get(c).name());
            sheet.style(0, c).bold().set();
        }
        sheet.freezePane(0, 1);
        row = 1;
    }

    @Override
    public void row(List<Object> values) throws IOException {
        if (row == MAX_ROWS - 1) {
            if (!full) {
                sheet.value(row, 0, "… the sheet is full: a sheet holds " + MAX_ROWS + " rows; read the rest as CSV");
                full = true;
            }
            return;
        }
        for (int c = 0; c < values.size(); c++) {
            switch (values.get(c)) {
                case null -> {
                }
                case String text -> sheet.value(row, c, cut(text));
                case Long number -> sheet.value(row, c, number);
                case Boolean bool -> sheet.value(row, c, bool);
                case Instant instant -> {
                    sheet.value(row, c, instant.atZone(zone).toLocalDateTime());
                    sheet.style(row, c).format(TIME_FORMAT).set();
                }
                default -> throw new IllegalArgumentException("not a table value: " + values.get(c));
            }
        }
        row++;
        if (row % FLUSH_ROWS == 0) {
            sheet.flush();
        }
    }

    @Override
    public void finish(Long nextAfter) throws IOException {
        workbook.finish();
    }

    /** Text as a cell holds it: whole, or cut with a marker that says how long it was. */
    static String cut(String text) {
        if (text.length() <= MAX_CELL) {
            return text;
        }
        String marker = " … [cut: " + text.length() + " characters in all; the CSV and JSON have the whole text]";
        return text.substring(0, MAX_CELL - marker.length()) + marker;
    }
}
