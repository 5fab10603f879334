package io.jivohub.tables;

import java.util.List;

/**
 * The columns every table about a visitor's contact shares: who the visitor is, where they came from (UTM), where
 * they are (geo) and which page they were on. Each takes the latest non-empty value.
 */
final class Contact {
    static final List<TableColumn> COLUMNS = List.of(
            TableColumn.text("visitor_name"), TableColumn.text("visitor_email"), TableColumn.text("visitor_phone"),
            TableColumn.text("visitor_number"),
            TableColumn.text("utm_source"), TableColumn.text("utm_medium"), TableColumn.text("utm_campaign"),
            TableColumn.text("utm_content"), TableColumn.text("utm_term"),
            TableColumn.text("country"), TableColumn.text("region"), TableColumn.text("city"),
            TableColumn.text("page_url"), TableColumn.text("page_title"));

    private Contact() {
    }

    static void fold(JivoEvent event, RowState row) {
        row.latest("visitor_name", event.text("visitor", "name"));
        row.latest("visitor_email", event.text("visitor", "email"));
        row.latest("visitor_phone", event.text("visitor", "phone"));
        row.latest("visitor_number", event.text("visitor", "number"));
        for (String utm : List.of("source", "medium", "campaign", "content", "term")) {
            row.latest("utm_" + utm, event.text("session", "utm_json", utm));
        }
        row.latest("country", event.text("session", "geoip", "country"));
        row.latest("region", event.text("session", "geoip", "region"));
        row.latest("city", event.text("session", "geoip", "city"));
        row.latest("page_url", event.text("page", "url"));
        row.latest("page_title", event.text("page", "title"));
    }
}
