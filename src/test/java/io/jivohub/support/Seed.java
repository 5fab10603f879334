package io.jivohub.support;

import static java.util.Map.entry;

import java.util.Map;

/**
 * The original spec's example answer for an offline message ({@code seed/000_4667c8516f9be3dc.txt}), column by
 * column, and the payload that produces it: the older offline_message shape the seed was written against.
 */
public final class Seed {
    public static final String PAYLOAD = "seed/offline_message.json";

    /** The seed's 27 columns and their values, transcribed from the spec. */
    public static final Map<String, String> COLUMNS = Map.ofEntries(
            entry("campaign", "campaign_name"),
            entry("chats_count", "1"),
            entry("city", "San Francisco"),
            entry("content", "banner"),
            entry("country", "United States"),
            entry("country_code", "US"),
            entry("description", "Description text"),
            entry("email", "email@example.com"),
            entry("event_name", "offline_message"),
            entry("ip_addr", "208.80.152.201"),
            entry("latitude", "37.7898"),
            entry("longitude", "-122.3942"),
            entry("medium", "cpc"),
            entry("message", "Message text"),
            entry("name", "John Smith"),
            entry("number", "2198"),
            entry("offline_message_id", "2806"),
            entry("organization", "Wikimedia Foundation"),
            entry("phone", "+14084987855"),
            entry("region", "California"),
            entry("region_code", "CA"),
            entry("source", "google"),
            entry("term", "..."),
            entry("title", "Page title"),
            entry("url", "http://example.com/"),
            entry("utm", "source=google|medium=cpc|content=banner|campaign=campaign_name"),
            entry("widget_id", "3948"));

    public static final String USER_AGENT = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/54.0.2840.71 Safari/537.36";

    private Seed() {
    }
}
