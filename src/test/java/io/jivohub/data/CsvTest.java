package io.jivohub.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.jivohub.columns.PageBound;
import io.jivohub.store.EventRecord;
import org.junit.jupiter.api.Test;

/** CSV cells and rows, without a server. */
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

    @Test
    void theReservedColumnsComeFirstThenTheOthersInTheOrderTheyAppear() {
        byte[] csv = Csv.render(List.of(
                new EventRecord(1, 1, "offline_message", 0, utf8("{\"message\": \"a\", \"visitor\": {\"name\": \"N\"}}")),
                new EventRecord(2, 1, "offline_message", 1000, utf8("{\"city\": \"Москва\", \"message\": \"b\"}")))).bytes();

        assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo("\uFEFF"
                + "\"event_id\",\"received_at\",\"event_name\",\"message\",\"name\",\"city\"\r\n"
                + "\"1\",\"1970-01-01T00:00:00.000Z\",\"offline_message\",\"a\",\"N\",\r\n"
                + "\"2\",\"1970-01-01T00:00:01.000Z\",\"offline_message\",\"b\",,\"Москва\"\r\n");
        assertThat(new String(Csv.render(List.of()).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("\uFEFF\"event_id\",\"received_at\",\"event_name\"\r\n");
    }

    @Test
    void aPageOfEventsWithFieldsOfTheirOwnEndsAtTheCellBound() {
        List<EventRecord> sparse = new ArrayList<>();
        for (int n = 1; n <= 1000; n++) {
            StringBuilder body = new StringBuilder("{\"n\": " + n);
            for (int field = 0; field < 100; field++) {
                body.append(", \"f").append(n).append('_').append(field).append("\": 1");
            }
            sparse.add(new EventRecord(n, 1, "chat_updated", 0, utf8(body.append('}').toString())));
        }

        Csv.Page page = Csv.render(sparse);

        assertThat(page.events()).isBetween(2, 999);
        long columns = page.events() * 100L + 4;
        assertThat(columns * page.events()).as("cells").isLessThanOrEqualTo(PageBound.MAX_CELLS);
        assertThat(new String(page.bytes(), StandardCharsets.UTF_8).lines()).hasSize(page.events() + 1);
    }

    @Test
    void aPageOfLongValuesEndsAtTheByteBound() {
        List<EventRecord> transcripts = new ArrayList<>();
        String transcript = "ж".repeat(1 << 20);
        for (int n = 1; n <= 40; n++) {
            transcripts.add(new EventRecord(n, 1, "chat_finished", 0,
                    utf8("{\"n\": " + n + ", \"plain_messages\": \"" + transcript + "\"}")));
        }

        Csv.Page page = Csv.render(transcripts);

        assertThat(page.events()).as("events on the page").isBetween(2, 16);
        assertThat((long) new String(page.bytes(), StandardCharsets.UTF_8).length()).as("characters")
                .isLessThanOrEqualTo(PageBound.MAX_BYTES + 1000);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
