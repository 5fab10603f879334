package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import io.jivohub.json.Json;
import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * A CSV export opened in a real spreadsheet: LibreOffice, headless, imports it with a comma, a semicolon and a tab
 * as the separator, as people pick them, and runs nothing anyone typed. (A cell {@code a;=1+1;b}, a cell starting
 * with NUL then {@code =}, and a column named {@code k;=3+3;z} once ran as formulas.)
 */
class SpreadsheetImportTest {
    private static final Path SOFFICE = Path.of("/usr/bin/soffice");
    private static final List<String> TYPED = List.of("=1+1", "+1+1", "-1+1", "@SUM(1;1)", " =1+1", "\u0000=1+1",
            "\t=1+1", "\r\n=1+1", "a;=1+1;b", "a,=1+1,b", "a\t=1+1\tb", "\"=1+1", "\u00a0=1+1", "\u3000=1+1",
            "\u200B=1+1", "\uFEFF=1+1", "-122.3942", "+79991234567",
            "=HYPERLINK(\"http://evil.example\")", "+7 999 123-45-67", "Здравствуйте, =1+1");

    @Test
    void noSeparatorAPersonPicksMakesAFormulaOfWhatAVisitorTyped(@TempDir Path folder) throws Exception {
        assumeTrue(Files.isExecutable(SOFFICE), "LibreOffice is installed (.ci/run installs libreoffice-calc-nogui)");
        try (TestHub hub = TestHub.start(folder.resolve("store"))) {
            JsonNode connection = hub.connection("Spreadsheet", "all");
            for (String text : TYPED) {
                String body = Json.MAPPER.writeValueAsString(Map.of("event_name", "offline_message", "message", text,
                        "k;=3+3;z", text));
                assertThat(hub.post(connection.get("url").asString(), body).status()).isEqualTo(200);
            }
            Response csv = hub.get(connection.get("data_url").asString() + "?format=csv&event_name=offline_message");
            assertThat(csv.status()).isEqualTo(200);

            for (int separator : new int[] {',', ';', '\t'}) {
                Path imported = importIn(folder, csv.body(), separator);
                assertThat(formulas(imported)).as("formulas after importing with separator %d", separator).isEmpty();
                if (separator == ',') {
                    assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(imported.toFile())
                            .getDocumentElement().getTextContent()).as("what was typed, kept as text")
                            .contains("a;'=1+1;b", "k;'=3+3;z", "Здравствуйте, '=1+1", "'+7 999 123-45-67");
                }
            }
        }
    }

    /** The control: the same import does run a formula nobody guarded, so the test above can fail. */
    @Test
    void anUnguardedFormulaRunsInTheSameImport(@TempDir Path folder) throws Exception {
        assumeTrue(Files.isExecutable(SOFFICE), "LibreOffice is installed (.ci/run installs libreoffice-calc-nogui)");
        Path imported = importIn(folder, "\"message\"\r\n\"=1+1\"\r\n".getBytes(StandardCharsets.UTF_8), ',');

        assertThat(formulas(imported)).containsExactly("of:=1+1");
    }

    private static List<String> formulas(Path imported) throws Exception {
        Document sheet = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(imported.toFile());
        NodeList cells = sheet.getElementsByTagName("table:table-cell");
        List<String> formulas = new ArrayList<>();
        for (int i = 0; i < cells.getLength(); i++) {
            Element cell = (Element) cells.item(i);
            if (cell.hasAttribute("table:formula")) {
                formulas.add(cell.getAttribute("table:formula"));
            }
        }
        return formulas;
    }

    /** The CSV imported by LibreOffice with {@code separator}, saved as flat XML (its cells, formulas included). */
    private static Path importIn(Path folder, byte[] csv, int separator) throws IOException, InterruptedException {
        Path work = Files.createDirectories(folder.resolve("sep-" + separator));
        Path file = Files.write(work.resolve("export.csv"), csv);
        Process soffice = new ProcessBuilder(SOFFICE.toString(), "-env:UserInstallation=file://" + work.resolve("profile"),
                "--headless", "--infilter=CSV:" + separator + ",34,76,1", "--convert-to", "fods", "--outdir",
                work.toString(), file.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("soffice.log").toFile()).start();
        assertThat(soffice.waitFor(120, TimeUnit.SECONDS)).as("LibreOffice converts within 2 minutes").isTrue();
        Path imported = work.resolve("export.fods");
        assertThat(imported).as(Files.readString(work.resolve("soffice.log"))).exists();
        return imported;
    }
}
