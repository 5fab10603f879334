package io.jivohub.columns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The documented columns each event type's files start with: those of Jivo's samples, in their order, as
 * {@code docs/columns.md} lists them; the original spec's offline message columns are all among them.
 */
class KnownColumnsTest {
    private static final Pattern LISTED = Pattern.compile("^- `([a-z_]+)`: (`.*`)$", Pattern.MULTILINE);

    @Test
    void theDocsListEveryTypesDocumentedColumnsInTheirOrder() throws Exception {
        String docs = Files.readString(Path.of("docs/columns.md"));
        Map<String, List<String>> listed = new LinkedHashMap<>();
        Matcher line = LISTED.matcher(docs.substring(docs.indexOf("## The columns of the raw events' files")));
        while (line.find()) {
            listed.put(line.group(1), Arrays.stream(line.group(2).split(", ")).map(name -> name.replace("`", ""))
                    .toList());
        }

        assertThat(listed.keySet()).containsExactlyInAnyOrder("call_event", "chat_accepted", "chat_assigned",
                "chat_finished", "chat_updated", "client_attribute_updated", "client_updated", "offline_message");
        listed.forEach((type, columns) -> assertThat(KnownColumns.of(type)).as(type).isEqualTo(columns));
    }

    @Test
    void theSpecsOfflineMessageColumnsAreAllKnownAndCustomAttributesAreNot() {
        assertThat(KnownColumns.of("offline_message")).contains("campaign", "chats_count", "city", "content",
                "country", "country_code", "description", "email", "ip_addr", "latitude", "longitude", "medium",
                "message", "name", "number", "offline_message_id", "organization", "phone", "region", "region_code",
                "source", "term", "title", "url", "utm", "widget_id");
        assertThat(KnownColumns.of("client_attribute_updated")).containsExactly("widget_id", "client_id");
        assertThat(KnownColumns.of("no_such_type")).isEmpty();
    }
}
