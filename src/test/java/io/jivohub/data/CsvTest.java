package io.jivohub.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CSV cells, without a server. */
class CsvTest {

    @Test
    void aCellThatASpreadsheetWouldRunAsAFormulaStaysText() {
        assertThat(Csv.cell("=SUM(A1:A9)")).isEqualTo("\"'=SUM(A1:A9)\"");
        assertThat(Csv.cell("+7 999 123-45-67")).isEqualTo("\"'+7 999 123-45-67\"");
        assertThat(Csv.cell("-1")).as("a plain number runs nothing: no guard").isEqualTo("\"-1\"");
        assertThat(Csv.cell("-122.3942")).isEqualTo("\"-122.3942\"");
        assertThat(Csv.cell("+79991234567")).isEqualTo("\"+79991234567\"");
        assertThat(Csv.cell("-1+1")).isEqualTo("\"'-1+1\"");
        assertThat(Csv.cell("@user")).isEqualTo("\"'@user\"");
        assertThat(Csv.cell("\tindented")).isEqualTo("\"'\tindented\"");
        assertThat(Csv.cell(" \u0000\u00a0=1")).as("past what spreadsheets skip").isEqualTo("\" \u0000\u00a0'=1\"");
        assertThat(Csv.cell("\u200B=1")).as("past a zero-width space").isEqualTo("\"\u200B'=1\"");
        assertThat(Csv.cell("\uFEFF\u2060+1")).as("past a byte order mark and a word joiner")
                .isEqualTo("\"\uFEFF\u2060'+1\"");
        assertThat(Csv.cell("＝1")).as("full-width").isEqualTo("\"'＝1\"");
        assertThat(Csv.cell("a=b")).isEqualTo("\"a=b\"");
        assertThat(Csv.cell("Привет")).isEqualTo("\"Привет\"");
    }

    /** A spreadsheet told another separator splits inside values: every place it may begin a cell is guarded. */
    @Test
    void everyPlaceAnotherSeparatorWouldBeginACellIsGuarded() {
        assertThat(Csv.cell("a;=1+1;b")).isEqualTo("\"a;'=1+1;b\"");
        assertThat(Csv.cell("a\t=1\tb,  @x\n-2")).isEqualTo("\"a\t'=1\tb,  '@x\n'-2\"");
        assertThat(Csv.cell("x;\"=1")).isEqualTo("\"x;\"\"'=1\"");
        assertThat(Csv.cell("plain, with a comma; and more")).isEqualTo("\"plain, with a comma; and more\"");
    }

    @Test
    void everyCellIsQuotedAndQuotesAreDoubled() {
        assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.cell("line\nnext")).isEqualTo("\"line\nnext\"");
        assertThat(Csv.cell("\rx")).isEqualTo("\"'\rx\"");
        assertThat(Csv.cell("")).isEmpty();
        assertThat(Csv.cell(null)).isEmpty();
    }
}
