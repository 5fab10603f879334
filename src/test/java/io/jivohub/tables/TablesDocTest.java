package io.jivohub.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** docs/tables.md describes every column of every dataset, in order, with its type, and nothing else. */
class TablesDocTest {
    private static final Pattern SECTION = Pattern.compile("^## ([a-z_]+)$");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| ([a-z]+) \\|");

    @Test
    void everyDatasetsColumnsAreDocumentedInOrderWithTheirTypes() throws Exception {
        Map<String, List<String>> documented = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : Files.readAllLines(Path.of("docs/tables.md"))) {
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                current = new ArrayList<>();
                documented.put(section.group(1), current);
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (row.find() && current != null) {
                current.add(row.group(1) + " " + row.group(2));
            }
        }
        Map<String, List<String>> declared = new LinkedHashMap<>();
        for (Dataset dataset : Dataset.shownValues()) {
            List<String> columns = new ArrayList<>();
            for (TableColumn column : dataset.columns()) {
                columns.add(column.name() + " " + column.type().name().toLowerCase(Locale.ROOT));
            }
            for (TableColumn column : Dataset.META) {
                columns.add(column.name() + " " + column.type().name().toLowerCase(Locale.ROOT));
            }
            declared.put(dataset.apiName(), columns);
        }

        assertThat(documented).isEqualTo(declared);
    }
}
