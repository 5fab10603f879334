package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Dependencies between jivohub's packages point down, as docs/architecture.md draws them: the leaves know nothing
 * of the rest, the column engine knows no HTTP and no store, the capabilities know the layers below and not each
 * other, and only {@code io.jivohub} itself assembles them all.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/jivohub");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.jivohub\\.([a-z]+)\\.", Pattern.MULTILINE);

    /** What each package may import from the others. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("json", Set.of()),
            Map.entry("keys", Set.of()),
            Map.entry("columns", Set.of("json")),
            Map.entry("store", Set.of("keys")),
            Map.entry("tables", Set.of("columns", "json", "keys", "store")),
            Map.entry("web", Set.of("json")),
            Map.entry("answer", Set.of("forward", "json", "keys", "store")),
            Map.entry("capture", Set.of("answer", "columns", "json", "keys", "store", "web")),
            Map.entry("data", Set.of("columns", "json", "keys", "store", "tables", "web")),
            Map.entry("forward", Set.of("keys", "store")),
            Map.entry("admin", Set.of("answer", "columns", "forward", "json", "keys", "store", "tables", "web")),
            Map.entry("observe", Set.of("store", "web")),
            Map.entry("ui", Set.of("admin", "columns", "data", "forward", "json", "keys", "store", "tables", "web")));

    @Test
    void everyPackageImportsOnlyThePackagesBelowIt() throws IOException {
        try (Stream<Path> packages = Files.list(SOURCES)) {
            for (Path folder : packages.filter(Files::isDirectory).toList()) {
                String name = folder.getFileName().toString();
                assertThat(ALLOWED).as("package %s is in the map of allowed dependencies", name).containsKey(name);
                assertThat(imports(folder)).as("what %s imports", name).isSubsetOf(ALLOWED.get(name));
            }
        }
    }

    private static Set<String> imports(Path folder) throws IOException {
        Set<String> imported = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher match = IMPORT.matcher(Files.readString(file));
                while (match.find()) {
                    imported.add(match.group(1));
                }
            }
        }
        imported.remove(folder.getFileName().toString());
        return imported;
    }
}
