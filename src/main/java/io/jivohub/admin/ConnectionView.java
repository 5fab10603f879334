package io.jivohub.admin;

import java.util.function.Supplier;

import io.jivohub.columns.Timestamps;
import io.jivohub.store.Connection;
import io.jivohub.store.ConnectionReport;
import io.jivohub.store.Outcome;
import io.jivohub.web.Endpoint;
import tools.jackson.core.JsonGenerator;

/**
 * How connections are shown to the people who manage them: get_key's answer, the admin API's reports, and the
 * dashboard's URLs. The URLs are built here only, from the {@link Endpoint} layout. Thread-safe.
 */
public final class ConnectionView {
    private final Supplier<String> publicUrl;

    /** @param publicUrl the base of generated URLs, without a trailing slash */
    public ConnectionView(Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The URL Jivo posts to with {@code webhookKey}. */
    public String webhookUrl(Connection connection, String webhookKey) {
        return Endpoint.WEBHOOK.url(publicUrl.get(), connection.eventName(), webhookKey);
    }

    /** The URL the connection's events are read from. */
    public String dataUrl(Connection connection) {
        return Endpoint.DATA.url(publicUrl.get(), connection.readKey());
    }

    /** get_key's fields, inside an object being written. */
    void writeFields(JsonGenerator json, Connection connection) {
        json.writeStringProperty("account_name", connection.accountName());
        json.writeStringProperty("event_name", connection.eventName());
        json.writeStringProperty("key", connection.webhookKey());
        json.writeStringProperty("url", webhookUrl(connection, connection.webhookKey()));
        json.writeStringProperty("data_url", dataUrl(connection));
        json.writeStringProperty("created_at", Timestamps.format(connection.createdAt()));
    }

    /** A whole report as one object. */
    void write(JsonGenerator json, ConnectionReport report) {
        Connection connection = report.connection();
        json.writeStartObject();
        json.writeNumberProperty("id", connection.id());
        json.writeStringProperty("status", connection.revoked() ? "revoked" : "active");
        writeFields(json, connection);
        writeTime(json, "revoked_at", connection.revokedAt());
        writeTime(json, "last_event_at", report.lastEventAt());
        json.writeNumberProperty("silent_after_hours", report.silentAfterHours());
        json.writeObjectPropertyStart("events");
        for (Outcome outcome : Outcome.values()) {
            json.writeNumberProperty(outcome.label(), report.counts().get(outcome));
        }
        json.writeEndObject();
        json.writeArrayPropertyStart("previous_urls");
        for (ConnectionReport.RetiredKey retired : report.retiredKeys()) {
            json.writeStartObject();
            json.writeStringProperty("url", webhookUrl(connection, retired.webhookKey()));
            json.writeStringProperty("expires_at", Timestamps.format(retired.expiresAt()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** A point in time as jivohub writes one, or null. */
    static void writeTime(JsonGenerator json, String name, Long millis) {
        if (millis == null) {
            json.writeNullProperty(name);
        } else {
            json.writeStringProperty(name, Timestamps.format(millis));
        }
    }
}
