package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.jivohub.support.AcrossStores;
import io.jivohub.support.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A page as a CSV file for spreadsheets, with visitors' text kept inert. */
class CsvExportTest extends AcrossStores {

    private static String offlineMessage(String name, String message) {
        return "{\"event_name\": \"offline_message\", \"visitor\": {\"name\": " + quote(name) + "}, \"message\": "
                + quote(message) + "}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t").replace("\r", "\\r")
                .replace("\n", "\\n") + "\"";
    }

    /** RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks. */
    private static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        return rows;
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() {
        JsonNode connection = hub.connection("CSV", "all");
        List<String> typed = List.of("=HYPERLINK(\"http://evil.example\",\"click\")", "+7 999 123-45-67", "-2+3",
                "@SUM(A1)", "\tindented", "\rreturn", "plain, with a comma", "say \"hi\"\nthen leave",
                "Здравствуйте");
        for (String text : typed) {
            assertThat(hub.post(connection.get("url").asString(), offlineMessage("Гость", text)).status())
                    .isEqualTo(200);
        }
        hub.post(connection.get("url").asString(), "{\"event_name\": \"chat_finished\", \"chat_id\": 1}");

        Response csv = hub.get(connection.get("data_url").asString() + "?format=csv&event_name=offline_message");

        assertThat(csv.status()).as(csv.text()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"offline_message.csv\"");
        assertThat(csv.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(csv.body()).startsWith(0xEF, 0xBB, 0xBF);
        List<List<String>> rows = parse(new String(csv.body(), StandardCharsets.UTF_8).substring(1));
        List<String> header = rows.getFirst();
        assertThat(header).startsWith("event_id", "received_at", "event_name").contains("name", "message");
        assertThat(rows).hasSize(typed.size() + 1);
        List<String> messages = rows.subList(1, rows.size()).stream()
                .map(row -> row.get(header.indexOf("message"))).toList();
        assertThat(messages).containsExactly("'=HYPERLINK(\"http://evil.example\",\"click\")", "'+7 999 123-45-67",
                "'-2+3", "'@SUM(A1)", "'\tindented", "'\rreturn", "plain, with a comma", "say \"hi\"\nthen leave",
                "Здравствуйте");
        assertThat(rows.get(1).get(header.indexOf("event_name"))).isEqualTo("offline_message");
        assertThat(rows.get(1).get(header.indexOf("name"))).isEqualTo("Гость");
        assertThat(csv.header("X-Next-After")).as("one page holds them all").isNull();
    }

    @Test
    void csvPagesCarryTheCursorInAHeader() {
        JsonNode connection = hub.connection("CSV pages", "all");
        for (int i = 0; i < 3; i++) {
            hub.post(connection.get("url").asString(), offlineMessage("v" + i, "m" + i));
        }
        String base = connection.get("data_url").asString() + "?format=csv&event_name=offline_message&limit=2";

        Response first = hub.get(base);
        Response second = hub.get(base + "&after=" + first.header("X-Next-After"));

        assertThat(parse(first.text().substring(1))).hasSize(3);
        assertThat(parse(second.text().substring(1))).hasSize(2);
        assertThat(second.header("X-Next-After")).isNull();
    }

    @Test
    void csvNeedsOneEventTypeAndKnownFormats() {
        JsonNode connection = hub.connection("CSV errors", "all");
        Response noType = hub.get(connection.get("data_url").asString() + "?format=csv");
        Response xml = hub.get(connection.get("data_url").asString() + "?format=xml");

        assertThat(noType.status()).isEqualTo(400);
        assertThat(noType.json().get("error").asString()).contains("event_name");
        assertThat(xml.status()).isEqualTo(400);
        assertThat(xml.json().get("error").asString()).isEqualTo("format must be one of columns, rows, ndjson, csv, xlsx");
    }
}
