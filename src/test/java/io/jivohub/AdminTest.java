package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;

import io.jivohub.support.AcrossStores;
import io.jivohub.support.Http;
import io.jivohub.support.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin API: list, revoke, rotate, delete, erase, on every store. */
class AdminTest extends AcrossStores {

    private static String admin(String path) {
        return hub.url("/jivo/admin/connections" + path);
    }

    private static JsonNode report(JsonNode connection) {
        for (JsonNode report : hub.get(admin("")).json().get("connections")) {
            if (report.get("url").equals(connection.get("url"))
                    || report.get("account_name").equals(connection.get("account_name"))
                    && report.get("event_name").equals(connection.get("event_name"))) {
                return report;
            }
        }
        throw new AssertionError("not listed: " + connection);
    }

    private static long id(JsonNode connection) {
        return report(connection).get("id").asLong();
    }

    @Test
    void theListShowsEachConnectionsUrlsCountsByOutcomeAndLastEvent() {
        JsonNode connection = hub.connection("Listed", "chat_finished");
        String url = connection.get("url").asString();
        hub.post(url, chatFinished(1));
        hub.post(url, chatFinished(1));
        hub.post(url, chatFinished(2));
        hub.post(url, "{\"event_name\": \"chat_accepted\"}");
        hub.post(url, "{not json");

        JsonNode report = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> report(connection), r -> r.get("events").get("rejected").asLong() == 1);

        assertThat(report.get("status").asString()).isEqualTo("active");
        assertThat(report.get("url")).isEqualTo(connection.get("url"));
        assertThat(report.get("data_url")).isEqualTo(connection.get("data_url"));
        assertThat(report.get("events").get("stored").asLong()).isEqualTo(2);
        assertThat(report.get("events").get("duplicate").asLong()).isEqualTo(1);
        assertThat(report.get("events").get("ignored").asLong()).isEqualTo(1);
        assertThat(Instant.parse(report.get("last_event_at").asString()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(report.get("revoked_at").isNull()).isTrue();
        assertThat(hub.get(admin("/" + report.get("id").asLong())).json()).isEqualTo(report);
    }

    @Test
    void revokingClosesBothUrlsAtOnceAndKeepsTheEventsForTheAdmin() {
        JsonNode connection = hub.connection("Revoked", "all");
        String url = connection.get("url").asString();
        assertThat(hub.post(url, chatFinished(1)).status()).isEqualTo(200);

        Response revoked = hub.post(admin("/" + id(connection) + "/revoke"), "");

        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(revoked.json().get("status").asString()).isEqualTo("revoked");
        assertThat(revoked.json().get("events").get("stored").asLong()).isEqualTo(1);
        Response webhook = hub.post(url, chatFinished(2));
        assertThat(webhook.status()).isEqualTo(404);
        assertThat(webhook.json().get("error").asString()).isEqualTo("no webhook at this URL");
        assertThat(hub.get(connection.get("data_url").asString()).status()).isEqualTo(404);
        assertThat(report(connection).get("events").get("stored").asLong()).as("nothing stored after").isEqualTo(1);
        Response again = hub.post(hub.url("/jivo/get_key"), "{\"account_name\": \"Revoked\", \"event_name\": \"all\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asString()).contains("revoked", "DELETE /jivo/admin/connections/");
        assertThat(hub.post(admin("/" + id(connection) + "/rotate_url"), "").status()).isEqualTo(409);
    }

    @Test
    void aRotatedWebhookUrlKeepsWorkingForItsOverlap() {
        JsonNode connection = hub.connection("Rotated", "all");
        String oldUrl = connection.get("url").asString();
        hub.post(oldUrl, chatFinished(1));

        Response rotated = hub.post(admin("/" + id(connection) + "/rotate_url"), "");

        assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
        String newUrl = rotated.json().get("url").asString();
        assertThat(newUrl).isNotEqualTo(oldUrl).startsWith(hub.url("/jivo/all/"));
        JsonNode previous = rotated.json().get("previous_urls").get(0);
        assertThat(previous.get("url").asString()).isEqualTo(oldUrl);
        assertThat(Instant.parse(previous.get("expires_at").asString()))
                .isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        assertThat(hub.post(oldUrl, chatFinished(2)).status()).as("the old URL in its overlap").isEqualTo(200);
        assertThat(hub.post(newUrl, chatFinished(3)).status()).isEqualTo(200);
        assertThat(hub.eventIds(connection.get("data_url").asString())).hasSize(3);
        assertThat(hub.connection("Rotated", "all").get("url").asString()).as("get_key answers the new URL")
                .isEqualTo(newUrl);

        Response now = hub.post(admin("/" + id(connection) + "/rotate_url?overlap_hours=0"), "");

        assertThat(now.json().get("previous_urls")).as("the first old URL is still in its overlap").hasSize(1);
        assertThat(hub.post(newUrl, chatFinished(4)).status()).as("replaced without overlap").isEqualTo(404);
        assertThat(hub.post(oldUrl, chatFinished(5)).status()).isEqualTo(200);
        assertThat(hub.post(now.json().get("url").asString(), chatFinished(6)).status()).isEqualTo(200);
        assertThat(hub.post(admin("/" + id(connection) + "/rotate_url?overlap_hours=-1"), "").status())
                .isEqualTo(400);
    }

    @Test
    void rotatingTheDataUrlStopsTheOldOneAtOnce() {
        JsonNode connection = hub.connection("Reader changed", "all");
        hub.post(connection.get("url").asString(), chatFinished(1));
        String oldDataUrl = connection.get("data_url").asString();

        Response rotated = hub.post(admin("/" + id(connection) + "/rotate_data_url"), "");

        String newDataUrl = rotated.json().get("data_url").asString();
        assertThat(newDataUrl).isNotEqualTo(oldDataUrl);
        assertThat(hub.get(oldDataUrl).status()).isEqualTo(404);
        assertThat(hub.eventIds(newDataUrl)).hasSize(1);
        assertThat(rotated.json().get("url")).as("the webhook URL stays").isEqualTo(connection.get("url"));
    }

    @Test
    void deletingAConnectionDeletesItsEventsAndFreesItsName() {
        JsonNode kept = hub.connection("Kept", "all");
        hub.post(kept.get("url").asString(), chatFinished(1));
        JsonNode doomed = hub.connection("Deleted", "all");
        for (int i = 0; i < 2500; i++) {
            hub.post(doomed.get("url").asString(), chatFinished(i));
        }
        long id = id(doomed);

        Response deleted = hub.send(admin("/" + id), "DELETE", BodyPublishers.noBody());

        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.json().get("deleted_events").asLong()).isEqualTo(2500);
        assertThat(hub.post(doomed.get("url").asString(), chatFinished(1)).status()).isEqualTo(404);
        assertThat(hub.get(doomed.get("data_url").asString()).status()).isEqualTo(404);
        assertThat(hub.get(admin("/" + id)).status()).isEqualTo(404);
        assertThat(hub.send(admin("/" + id), "DELETE", BodyPublishers.noBody()).status()).isEqualTo(404);
        JsonNode fresh = hub.connection("Deleted", "all");
        assertThat(fresh.get("url")).isNotEqualTo(doomed.get("url"));
        assertThat(hub.eventIds(fresh.get("data_url").asString())).isEmpty();
        assertThat(hub.eventIds(kept.get("data_url").asString())).hasSize(1);
    }

    @Test
    void erasureRemovesEveryEventOfOneVisitorAndNothingElse() {
        JsonNode shop = hub.connection("Erasure shop", "all");
        JsonNode calls = hub.connection("Erasure calls", "all");
        String anna = "{\"event_name\": \"offline_message\", \"visitor\": {\"name\": \"Анна\", \"email\": \"Anna@Example.com\","
                + " \"phone\": \"+7 (999) 123-45-67\"}, \"message\": \"здравствуйте\"}";
        String annaInText = "{\"event_name\": \"chat_finished\", \"chat_id\": 5, \"chat\": {\"messages\": "
                + "[{\"message\": \"пишите на anna@example.com\"}]}}";
        String annaCalls = "{\"event_name\": \"call_event\", \"call_id\": \"7\", \"client_number\": \"89991234567\"}";
        String boris = "{\"event_name\": \"offline_message\", \"visitor\": {\"name\": \"Борис\", \"email\": \"boris@example.com\","
                + " \"phone\": \"+7 999 765-43-21\"}}";
        hub.post(shop.get("url").asString(), anna);
        hub.post(shop.get("url").asString(), annaInText);
        hub.post(shop.get("url").asString(), boris);
        hub.post(calls.get("url").asString(), annaCalls);

        Response byEmail = hub.post(hub.url("/jivo/admin/erasure"), "{\"email\": \"anna@example.com\"}");

        assertThat(byEmail.status()).as(byEmail.text()).isEqualTo(200);
        assertThat(byEmail.json().get("deleted_events").asLong()).isEqualTo(2);
        assertThat(hub.eventIds(shop.get("data_url").asString())).hasSize(1);
        assertThat(hub.eventIds(calls.get("data_url").asString())).hasSize(1);

        Response byPhone = hub.post(hub.url("/jivo/admin/erasure"), "{\"phone\": \"+7 999 123 45 67\"}");

        assertThat(byPhone.json().get("deleted_events").asLong()).isEqualTo(1);
        assertThat(hub.eventIds(calls.get("data_url").asString())).isEmpty();
        assertThat(hub.allTables(shop.get("data_url").asString()).getFirst().get("name").get(0).asString())
                .isEqualTo("Борис");
        assertThat(hub.post(hub.url("/jivo/admin/erasure"), "{\"phone\": \"12\"}").status()).isEqualTo(400);
        assertThat(hub.post(hub.url("/jivo/admin/erasure"), "{\"email\": \"a@b.c\", \"phone\": \"+7 999 123 45 67\"}")
                .status()).isEqualTo(400);
    }

    @Test
    void theAdminApiAnswersOnlyTheAdminWithJsonErrors() {
        Response noToken = Http.get(admin(""));
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().get("error").asString()).contains("admin token");
        assertThat(Http.post(hub.url("/jivo/admin/erasure"), "{\"email\": \"x@example.com\"}").status())
                .isEqualTo(401);
        assertThat(hub.get(admin(""), "Authorization", "Bearer not-the-token").status()).isEqualTo(401);
        assertThat(hub.get(admin("/999999")).status()).isEqualTo(404);
        assertThat(hub.post(admin("/999999/rotate_url"), "").status()).isEqualTo(404);
        assertThat(hub.post(admin("/999999/rotate_data_url"), "").status()).isEqualTo(404);
        assertThat(hub.post(admin("/999999/revoke"), "").status()).isEqualTo(404);
        assertThat(hub.get(admin("/abc")).status()).isEqualTo(404);
        assertThat(hub.post(admin(""), "").status()).isEqualTo(405);
        assertThat(hub.get(admin("/1/revoke")).status()).isEqualTo(405);
    }
}
