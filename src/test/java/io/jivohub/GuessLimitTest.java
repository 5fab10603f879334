package io.jivohub;

import static io.jivohub.support.TestEvents.chatFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.jivohub.support.Response;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A client that collects 404s is slowed down; nobody else is. */
class GuessLimitTest {

    @Test
    void aClientPastItsNotFoundAllowanceGets429UntilItRefills(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder, "--not-found-limit", "30", "--client-ip-header", "x-forwarded-for")) {
            JsonNode connection = hub.connection("Guarded", "all");
            String url = connection.get("url").asString();
            String guess = hub.url("/jivo/all/" + "0".repeat(64));
            for (int i = 0; i < 30; i++) {
                assertThat(hub.post(guess, chatFinished(i)).status()).isEqualTo(404);
            }

            Response limited = hub.post(guess, chatFinished(1));
            Response validButLimited = hub.post(url, chatFinished(1));

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isEqualTo("2");
            assertThat(limited.json().get("error").asString()).contains("too many requests for unknown URLs");
            assertThat(validButLimited.status()).as("a limited client learns nothing about keys").isEqualTo(429);
            assertThat(hub.get(hub.url("/health")).status()).isEqualTo(200);
            assertThat(hub.post(url, chatFinished(2), "X-Forwarded-For", "203.0.113.7, 198.51.100.1").status())
                    .as("another client behind a proxy on this machine").isEqualTo(200);
            assertThat(hub.post(guess, chatFinished(2), "X-Forwarded-For", "203.0.113.7, 198.51.100.1").status())
                    .isEqualTo(404);

            await().atMost(Duration.ofSeconds(10)).until(() -> hub.post(url, chatFinished(3)).status() == 200);
            assertThat(hub.allTables(connection.get("data_url").asString()).getFirst().get("event_id"))
                    .as("events 2 and 3; the limited event 1 was not stored").hasSize(2);
        }
    }

    /**
     * Jivo sends every customer's events from a few addresses; a channel still pointing at a revoked, deleted or
     * rotated-out URL must not get those addresses locked out.
     */
    @Test
    void urlsThatWorkedOnceDoNotCountAsGuesses(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder, "--not-found-limit", "5")) {
            JsonNode revoked = hub.connection("Revoked", "all");
            JsonNode deleted = hub.connection("Deleted", "all");
            JsonNode rotated = hub.connection("Rotated", "all");
            JsonNode wrongPath = hub.connection("Typed", "chat_finished");
            JsonNode live = hub.connection("Live", "all");
            String admin = hub.url("/jivo/admin/connections/");
            List<Long> ids = new ArrayList<>();
            hub.get(hub.url("/jivo/admin/connections")).json().get("connections")
                    .forEach(c -> ids.add(c.get("id").asLong()));
            hub.post(admin + ids.get(0) + "/revoke", "");
            hub.send(admin + ids.get(1), "DELETE", BodyPublishers.noBody());
            hub.post(admin + ids.get(2) + "/rotate_url?overlap_hours=0", "");
            hub.post(admin + ids.get(2) + "/rotate_data_url", "");

            List<Integer> stale = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                stale.add(hub.post(revoked.get("url").asString(), chatFinished(i)).status());
                stale.add(hub.get(revoked.get("data_url").asString()).status());
                stale.add(hub.post(deleted.get("url").asString(), chatFinished(i)).status());
                stale.add(hub.get(deleted.get("data_url").asString()).status());
                stale.add(hub.post(rotated.get("url").asString(), chatFinished(i)).status());
                stale.add(hub.get(rotated.get("data_url").asString()).status());
                stale.add(hub.post(wrongPath.get("url").asString().replace("/chat_finished/", "/all/"),
                        chatFinished(i)).status());
            }

            assertThat(stale).as("70 answers for URLs that worked once").containsOnly(404);
            assertThat(hub.post(live.get("url").asString(), chatFinished(1)).status()).isEqualTo(200);
            String guess = hub.url("/jivo/all/" + "0".repeat(64));
            for (int i = 0; i < 5; i++) {
                assertThat(hub.post(guess, chatFinished(i)).status()).isEqualTo(404);
            }
            assertThat(hub.post(guess, chatFinished(5)).status()).as("a key that never existed counts")
                    .isEqualTo(429);
        }
    }

    /** Wrong admin tokens are guesses too: they spend the same allowance as 404s (3,000 once took 1.1 s). */
    @Test
    void wrongAdminTokensCountLikeUnknownUrls(@TempDir Path folder) {
        String token = "guess-limit-admin-token-0123456789";
        try (TestHub hub = TestHub.start(folder, "--not-found-limit", "30", "--admin-token", token,
                "--client-ip-header", "x-real-ip")) {
            for (int i = 0; i < 30; i++) {
                assertThat(hub.get(hub.url("/jivo/admin/connections"), "Authorization", "Bearer wrong-token-" + i)
                        .status()).isEqualTo(401);
            }

            Response limited = hub.get(hub.url("/jivo/admin/connections"), "Authorization", "Bearer " + token);

            assertThat(limited.status()).as("even the right token, from a client out of guesses").isEqualTo(429);
            assertThat(hub.get(hub.url("/health")).status()).isEqualTo(200);
            assertThat(hub.get(hub.url("/jivo/admin/connections"), "Authorization", "Bearer " + token,
                    "X-Real-IP", "203.0.113.9").status()).as("another client").isEqualTo(200);
        }
    }

    /**
     * Who the client is comes from the header jivohub is told to read, and only from a trusted proxy: a client
     * behind a proxy that sets X-Real-IP once sent its own X-Forwarded-For and spent a victim's allowance.
     */
    @Test
    void aClientCannotSpendAnotherClientsAllowance(@TempDir Path folder) {
        String victim = "198.51.100.20";
        String attacker = "203.0.113.66";
        String guess = "/jivo/all/" + "0".repeat(64);
        try (TestHub byRealIp = TestHub.start(folder.resolve("real-ip"), "--not-found-limit", "5",
                "--client-ip-header", "x-real-ip")) {
            String url = byRealIp.connection("Victim", "all").get("url").asString();
            for (int i = 0; i < 10; i++) {
                byRealIp.post(byRealIp.url(guess), chatFinished(i), "X-Forwarded-For", victim, "X-Real-IP", attacker);
            }
            assertThat(byRealIp.post(url, chatFinished(1), "X-Real-IP", victim).status()).isEqualTo(200);
            assertThat(byRealIp.post(url, chatFinished(2), "X-Real-IP", attacker).status()).isEqualTo(429);
        }
        try (TestHub byPeer = TestHub.start(folder.resolve("peer"), "--not-found-limit", "5")) {
            String url = byPeer.connection("Victim", "all").get("url").asString();
            for (int i = 0; i < 5; i++) {
                byPeer.post(byPeer.url(guess), chatFinished(i), "X-Forwarded-For", victim, "X-Real-IP", victim);
            }
            assertThat(byPeer.post(url, chatFinished(1)).status()).as("by default headers say nothing")
                    .isEqualTo(429);
        }
        try (TestHub untrusted = TestHub.start(folder.resolve("untrusted"), "--not-found-limit", "5",
                "--client-ip-header", "x-forwarded-for", "--trusted-proxies", "10.0.0.0/8")) {
            String url = untrusted.connection("Victim", "all").get("url").asString();
            for (int i = 0; i < 5; i++) {
                untrusted.post(untrusted.url(guess), chatFinished(i), "X-Forwarded-For", attacker + ", " + victim);
            }
            assertThat(untrusted.post(url, chatFinished(1), "X-Forwarded-For", attacker).status())
                    .as("a peer outside --trusted-proxies is the client itself").isEqualTo(429);
        }
        try (TestHub byLastAddress = TestHub.start(folder.resolve("xff"), "--not-found-limit", "5",
                "--client-ip-header", "x-forwarded-for")) {
            String url = byLastAddress.connection("Victim", "all").get("url").asString();
            for (int i = 0; i < 5; i++) {
                byLastAddress.send(byLastAddress.url(guess), "POST",
                        java.net.http.HttpRequest.BodyPublishers.ofByteArray(chatFinished(i)),
                        "X-Forwarded-For", victim, "X-Forwarded-For", "192.0.2.1, " + attacker);
            }
            assertThat(byLastAddress.post(url, chatFinished(1), "X-Forwarded-For", victim).status())
                    .as("the last address over all the header's lines is the client").isEqualTo(200);
            assertThat(byLastAddress.post(url, chatFinished(2), "X-Forwarded-For", attacker).status()).isEqualTo(429);
        }
    }

    @Test
    void zeroTurnsTheLimitOff(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder, "--not-found-limit", "0")) {
            for (int i = 0; i < 300; i++) {
                assertThat(hub.get(hub.url("/jivo/data/" + "1".repeat(64))).status()).isEqualTo(404);
            }
        }
    }

    @Test
    void everyAnswerCarriesTheHeadersThatKeepVisitorTextInert(@TempDir Path folder) {
        try (TestHub hub = TestHub.start(folder)) {
            JsonNode connection = hub.connection("Headers", "all");
            for (Response response : new Response[] {
                    hub.post(connection.get("url").asString(), chatFinished(1)),
                    hub.get(connection.get("data_url").asString()),
                    hub.get(hub.url("/no/such/page"))}) {
                assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'",
                        "frame-ancestors 'none'");
                assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            }
        }
    }
}
