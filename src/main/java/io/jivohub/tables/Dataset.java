package io.jivohub.tables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Jivo tables, each with its key and its columns in the order every format writes them. Every table also has
 * {@code row_version} and {@code deleted} (see {@link #META}). docs/tables.md describes each column; a test holds
 * it to these declarations.
 */
public enum Dataset {
    CHATS("chats", List.of("widget_id", "chat_id"), concat(List.of(
            TableColumn.text("widget_id"), TableColumn.text("chat_id"),
            TableColumn.time("accepted_at"), TableColumn.time("finished_at"), TableColumn.time("started_at"),
            TableColumn.number("duration_s"), TableColumn.number("first_response_s"),
            TableColumn.number("visitor_messages"), TableColumn.number("agent_messages"), TableColumn.bool("missed"),
            TableColumn.text("agent_id"), TableColumn.text("agent_name"), TableColumn.text("agents"),
            TableColumn.text("department"), TableColumn.text("rate"), TableColumn.bool("blacklisted"),
            TableColumn.text("invitation"), TableColumn.text("tags"), TableColumn.text("topic"),
            TableColumn.text("crm_link")), Contact.COLUMNS, List.of(
            TableColumn.number("calls"), TableColumn.number("events"), TableColumn.time("last_event_at")))),
    MESSAGES("messages", List.of("widget_id", "chat_id", "seq"), List.of(
            TableColumn.text("widget_id"), TableColumn.text("chat_id"), TableColumn.number("seq"),
            TableColumn.time("sent_at"), TableColumn.text("side"), TableColumn.text("agent_id"),
            TableColumn.text("agent_name"), TableColumn.text("text"))),
    CALLS("calls", List.of("widget_id", "call_id"), concat(List.of(
            TableColumn.text("widget_id"), TableColumn.text("call_id"), TableColumn.text("chat_id"),
            TableColumn.text("call_type"), TableColumn.text("phone"), TableColumn.text("first_status"),
            TableColumn.text("last_status"), TableColumn.time("started_at"), TableColumn.time("client_connected_at"),
            TableColumn.time("agent_connected_at"), TableColumn.time("ended_at"), TableColumn.number("duration_s"),
            TableColumn.text("outcome"), TableColumn.text("reason"), TableColumn.text("record_url"),
            TableColumn.text("agent_id"), TableColumn.text("agent_name"), TableColumn.text("department")),
            Contact.COLUMNS, List.of(TableColumn.number("events"), TableColumn.time("last_event_at")))),
    OFFLINE_MESSAGES("offline_messages", List.of("widget_id", "offline_message_id"), concat(List.of(
            TableColumn.text("widget_id"), TableColumn.text("offline_message_id"), TableColumn.text("chat_id"),
            TableColumn.time("received_at"), TableColumn.text("message")), Contact.COLUMNS, List.of(
            TableColumn.number("events")))),
    VISITORS("visitors", List.of("visitor_key"), List.of(
            TableColumn.text("visitor_key"), TableColumn.text("name"), TableColumn.text("email"),
            TableColumn.text("phone"), TableColumn.text("number"), TableColumn.text("client_id"),
            TableColumn.time("first_seen_at"), TableColumn.time("last_seen_at"), TableColumn.number("chats"),
            TableColumn.number("offline_messages"), TableColumn.number("calls"), TableColumn.number("events"))),
    /** Not a table: per phone, the call in progress without a chat_id (see {@link CallFold}). Never shown. */
    CALL_LINES("_call_lines", List.of("widget_id", "phone"), List.of());

    /** The columns after every table's own: when the row last changed, and whether it was removed. */
    public static final List<TableColumn> META = List.of(TableColumn.number("row_version"),
            TableColumn.bool("deleted"));

    private final String apiName;
    private final List<String> key;
    private final List<TableColumn> columns;

    Dataset(String apiName, List<String> key, List<TableColumn> columns) {
        this.apiName = apiName;
        this.key = key;
        this.columns = columns;
    }

    /** Its name in {@code dataset=} and in the store. */
    public String apiName() {
        return apiName;
    }

    /** The columns whose values make a row's key, in the order of its key. */
    public List<String> key() {
        return key;
    }

    /** Its own columns, key columns first, without {@link #META}. */
    public List<TableColumn> columns() {
        return columns;
    }

    /** Whether it is a table people read; the others are the folds' own bookkeeping. */
    public boolean shown() {
        return !apiName.startsWith("_");
    }

    /** The tables people read, in order. */
    public static List<Dataset> shownValues() {
        return Arrays.stream(values()).filter(Dataset::shown).toList();
    }

    public static Optional<Dataset> named(String name) {
        return shownValues().stream().filter(dataset -> dataset.apiName.equals(name)).findFirst();
    }

    @SafeVarargs
    private static List<TableColumn> concat(List<TableColumn>... parts) {
        List<TableColumn> all = new ArrayList<>();
        for (List<TableColumn> part : parts) {
            all.addAll(part);
        }
        return List.copyOf(all);
    }
}
