package io.jivohub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.jivohub.store.Connection;
import io.jivohub.store.EventTypes;
import org.junit.jupiter.api.Test;

/**
 * Every string the dashboard shows is in both languages: the bundles have the same keys, and every key a template
 * or the service asks for is in them, also those it builds from a type, a table, a column or an action.
 */
class MessagesTest {
    private static final Pattern LITERAL_KEY = Pattern.compile("\\.t\\(\"([a-zA-Z0-9_.-]+)\"\\s*[,)]");

    private static Set<String> keys(String language) throws IOException {
        Properties bundle = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/io/jivohub/ui/messages_" + language
                + ".properties")) {
            bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return bundle.stringPropertyNames();
    }

    @Test
    void bothLanguagesHaveEveryKeyAPageAsksFor() throws IOException {
        Set<String> english = keys("en");
        assertThat(keys("ru")).isEqualTo(english);

        Set<String> asked = new HashSet<>();
        try (Stream<Path> sources = Stream.concat(Files.list(Path.of("src/main/jte")),
                Files.list(Path.of("src/main/java/io/jivohub/ui")))) {
            for (Path source : sources.toList()) {
                Matcher key = LITERAL_KEY.matcher(Files.readString(source));
                while (key.find()) {
                    asked.add(key.group(1));
                }
            }
        }
        Stream.concat(Stream.of(Connection.ALL_EVENTS), EventTypes.JIVO.stream()).forEach(type -> {
            asked.add("type." + type);
            asked.add("type." + type + ".about");
        });
        Detail.DOWNLOADABLE.forEach(dataset -> asked.add("dataset." + dataset));
        Preview.SHOWN.values().forEach(columns -> columns.forEach(column -> asked.add("column." + column)));
        for (String state : List.of("delivering", "failing", "paused")) {
            asked.add("forward.state." + state);
        }
        for (String action : List.of("rotate", "rotate-data", "revoke", "delete")) {
            asked.add("action." + action);
            asked.add("confirm." + action);
        }
        assertThat(asked).hasSizeGreaterThan(80);
        assertThat(english).containsAll(asked);
    }

    @Test
    void theBrowsersLanguageDecidesUntilTheReaderChooses() {
        assertThat(Messages.preferred("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7")).isEqualTo("ru");
        assertThat(Messages.preferred("en-US,en;q=0.9,ru;q=0.8")).isEqualTo("en");
        assertThat(Messages.preferred("de-DE,de;q=0.9,ru;q=0.5")).isEqualTo("ru");
        assertThat(Messages.preferred("de, fr")).as("neither: English").isEqualTo("en");
        assertThat(Messages.preferred("ru;q=0, en;q=0.1")).isEqualTo("en");
        assertThat(Messages.of("ru").t("test.sent", 42)).isEqualTo("Тестовое событие 42 получено.");
        assertThat(Messages.of("ru").defaultZone().getId()).isEqualTo("Europe/Moscow");
        assertThat(Messages.of("en").defaultZone().getId()).isEqualTo("Z");
    }
}
