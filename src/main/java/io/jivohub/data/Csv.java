package io.jivohub.data;

import java.util.regex.Pattern;

/**
 * Cells of CSV files (RFC 4180, written by {@link CsvWriter}) for spreadsheets.
 *
 * <p>What a visitor typed must stay text in any spreadsheet, whichever separator it imports with:
 *
 * <ul>
 *   <li>Every cell is quoted, the header's too.</li>
 *   <li>A spreadsheet that splits at another separator ({@code ;} or a tab where this file has commas) splits
 *       inside quoted values too, so any place after a comma, semicolon, tab or line break inside a value may begin
 *       a cell. Wherever such a place, or the value's start, leads (past spaces, control characters, invisible
 *       format characters and quotes, which spreadsheets may skip) to a character that starts a formula
 *       ({@code =}, {@code +}, {@code -}, {@code @}, or their full-width forms), an apostrophe goes before that
 *       character: spreadsheets show it as a text marker, and run nothing (CSV injection). Text that is just a
 *       number ({@code -122.3942}, a longitude Jivo sends as text) is left as it is: a spreadsheet reads a number
 *       and runs nothing, and the number stays a number. A value that begins
 *       with a tab or a carriage return gets one at its start as well. Separators a user may type into an import
 *       dialog beyond these (a space, {@code |}) are not guarded: the guard would put apostrophes into most
 *       sentences.</li>
 * </ul>
 */
final class Csv {
    private static final String FORMULA_STARTS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20";
    /** Text that is just a number ({@code -122.3942}, {@code +79991234567}): no formula, so no guard. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d+)?|\\.\\d+)([eE][+-]?\\d+)?");
    /** Where a spreadsheet may begin a new cell, whatever separator it was told. */
    private static final String SEPARATORS = ",;\t\r\n";

    private Csv() {
    }

    /** One cell: neutralised, then quoted. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (PLAIN_NUMBER.matcher(value).matches()) {
            return '"' + value + '"'; // a spreadsheet reads it as a number, and runs nothing
        }
        StringBuilder text = new StringBuilder(value.length() + 4).append('"');
        if (value.charAt(0) == '\t' || value.charAt(0) == '\r') {
            text.append('\'');
        }
        boolean cellStart = true; // a spreadsheet may begin a cell here, and has seen only what it skips
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (cellStart && FORMULA_STARTS.indexOf(c) >= 0) {
                text.append('\'');
                cellStart = false;
            } else if (SEPARATORS.indexOf(c) >= 0) {
                cellStart = true;
            } else if (!isSkipped(c)) {
                cellStart = false;
            }
            text.append(c == '"' ? "\"\"" : String.valueOf(c));
        }
        return text.append('"').toString();
    }

    /**
     * What spreadsheets may pass over before they look for a formula: spaces, control characters, invisible format
     * characters (zero-width space, byte order mark, word joiner) and quotes.
     */
    private static boolean isSkipped(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || c == '"';
    }
}
