package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.jivohub.json.Json;
import io.jivohub.support.RawHttp;
import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import io.jivohub.support.Seeded;
import io.jivohub.support.TestEvents;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Malformed and hostile requests to every endpoint, 10,000 and more: truncated and deeply nested JSON, huge
 * numbers, invalid UTF-8, NUL bytes, duplicate keys, wrong and made-up methods, chunked bodies well and badly
 * framed, odd headers, path tricks, over-long fields, field names past their limit, sparse events with fields of
 * their own (which the data queries then read).
 * Never a 5xx (503, the store's, excepted), never a row stored for a rejected request, and the server stays
 * healthy. Bad requests go through a raw socket where an HTTP client would refuse to send them.
 *
 * <p>Inputs come from plain seeded generators ({@link Seeded}): a failure names the seed that replays it.
 */
@ExtendWith(Seeded.class)
class HostileInputTest {
    private static final int TRIES = 2000;
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static Path folder;
    private static TestHub hub;
    private static String allUrl;
    private static String typedUrl;
    private static String dataUrl;
    private static String key;
    private static long sacrificialId;
    /** Event ids of every webhook answered 200: the only events that may be stored. */
    private static final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger requests = new AtomicInteger();
    private static final List<byte[]> SAMPLES = Samples.all().stream().map(Samples::read).toList();

    /** Everything logged in this JVM while the hostile requests run, stack traces included. */
    private static final StringBuffer LOG = new StringBuffer();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOG.append(new SimpleFormatter().format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() throws IOException {
        Logger.getLogger("").addHandler(CAPTURE);
        folder = Files.createTempDirectory("jivohub-hostile");
        hub = TestHub.start(folder, "--not-found-limit", "0", "--max-body-bytes", "1048576");
        // Connection 1 is the one the admin paths below revoke, rotate and delete; the others must stay.
        sacrificialId = hub.get(hub.url("/jivo/admin/connections")).json().get("connections").size() + 1L;
        hub.connection("Sacrificial", "all");
        JsonNode all = hub.connection("Hostile", "all");
        allUrl = all.get("url").asString();
        typedUrl = hub.connection("Hostile", "chat_finished").get("url").asString();
        dataUrl = all.get("data_url").asString();
        key = all.get("key").asString();
    }

    @AfterAll
    static void theServerIsHealthyAndStoredOnlyWhatItAcknowledged() throws Exception {
        try {
            assertThat(requests.get()).as("hostile requests sent").isGreaterThanOrEqualTo(10_000);
            assertThat(hub.get(hub.url("/health")).status()).isEqualTo(200);
            Response valid = hub.post(allUrl, TestEvents.chatFinished(-1));
            assertThat(valid.status()).isEqualTo(200);
            acknowledged.add(valid.json().get("data").get(0).get("event_id").get(0).asLong());
            try (Connection db = DriverManager.getConnection(hub.db());
                 Statement statement = db.createStatement();
                 ResultSet ids = statement.executeQuery("SELECT id FROM events")) {
                Set<Long> stored = new HashSet<>();
                while (ids.next()) {
                    stored.add(ids.getLong(1));
                }
                assertThat(stored).as("rows stored = events acknowledged").isEqualTo(acknowledged);
            }
            String dataKey = dataUrl.substring(dataUrl.lastIndexOf('/') + 1);
            assertThat(LOG.toString()).as("the log never shows a key").doesNotContain(key, dataKey)
                    .doesNotContain(key.toUpperCase());
        } finally {
            hub.close();
            Logger.getLogger("").removeHandler(CAPTURE);
        }
    }

    // ---- webhook bodies ----

    @Test
    void hostileWebhookBodiesGetA4xxOrAreStored(Random random) {
        for (int i = 0; i < TRIES; i++) {
            byte[] body = hostileBody(random);
            Response response = hub.post(random.nextBoolean() ? typedUrl : allUrl, body);
            requests.incrementAndGet();
            assertThat(response.status()).as(response.text()).isIn(200, 400, 413);
            assertThat(response.json().isObject()).isTrue();
            if (response.status() == 200 && response.json().has("data")) {
                acknowledged.add(response.json().get("data").get(0).get("event_id").get(0).asLong());
            } else if (response.status() != 200) {
                assertThat(response.json().get("error").asString()).isNotBlank();
            }
        }
    }

    private static byte[] hostileBody(Random random) {
        byte[] sample = oneOf(random, SAMPLES);
        return switch (random.nextInt(13)) {
            // truncated JSON
            case 0 -> Arrays.copyOf(sample, (int) (sample.length * random.nextDouble()));
            // one byte of a sample replaced: invalid UTF-8, NUL, a stray quote or bracket
            case 1 -> {
                byte[] copy = sample.clone();
                copy[random.nextInt(copy.length)] = oneOf(random, List.of((byte) 0, (byte) 0xff, (byte) 0xc0,
                        (byte) 0x80, (byte) '"', (byte) '{', (byte) ']', (byte) '\\', (byte) 0xed));
                yield copy;
            }
            case 2 -> nested(between(random, 1, 100_000), "{\"a\":", "}");
            case 3 -> nested(between(random, 1, 100_000), "[", "]");
            case 4 -> utf8("{\"event_name\": \"chat_finished\", \"chat_id\": "
                    + text(random, between(random, 1, 5000), "0123456789") + "}");
            case 5 -> utf8("{\"event_name\": \"chat_finished\", \"chat_id\": " + oneOf(random, List.of("1e999999999",
                    "-0", "1E+2147483648", "0.0000000000000000000000001e-999999", "123456789012345678901234567890",
                    "NaN", "Infinity", "0x10", "01")) + "}");
            case 6 -> utf8("{\"event_name\": \"chat_finished\", \"chat_id\": 1, \"chat_id\": "
                    + quote(anyText(random, 200)) + "}");
            case 7 -> {
                String text = anyText(random, 300);
                yield utf8("{\"event_name\": " + quote(text) + ", \"message\": " + quote(text) + "}");
            }
            case 8 -> utf8("{\"event_name\": \"offline_message\", \"message\": \""
                    + "я".repeat(between(random, 1, 2_000_000) / 2) + "\"}");
            case 9 -> {
                byte[] bytes = new byte[between(random, 0, 2000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            // field names around the limit of 1,000 characters, and far past it
            case 10 -> utf8("{\"event_name\": \"chat_updated\", \"" + text(random, oneOf(random,
                    List.of(999, 1000, 1001, 49_000)), ALPHANUMERIC) + "\": 1}");
            // sparse: fields of its own, never seen before, that widen every table they are read in
            case 11 -> {
                StringBuilder sparse = new StringBuilder("{\"event_name\": \"chat_updated\"");
                for (int field = between(random, 1, 300); field > 0; field--) {
                    sparse.append(", \"").append(text(random, 12, ALPHANUMERIC)).append("\": ").append(field);
                }
                yield utf8(sparse.append('}').toString());
            }
            default -> utf8(oneOf(random, List.of("", " ", "null", "[]", "\"text\"", "42", "true", "{}",
                    "{\"event_name\": null}", "{\"event_name\": 7}", "{\"event_name\": \"chat_finished\"} trailing",
                    "\uFEFF{}", "{\"event_name\": \"../../etc\"}", "{\"a\":1,}", "{'a':1}", "{\"a\":\"\\ud800\"}",
                    "{\"event_name\": \"chat_finished\", \"visitor\": {\"email\": \"=HYPERLINK(\\\"x\\\")\"}}",
                    "{\"event_name\": \"chat_finished\", \"message\": \"<script>alert(1)</script>\"}")));
        };
    }

    // ---- get_key ----

    @Test
    void hostileGetKeyRequestsGetA4xxOrAConnection(Random random) {
        for (int i = 0; i < TRIES; i++) {
            Response response = hub.post(hub.url("/jivo/get_key"), utf8("{\"account_name\": "
                    + quote(hostileName(random)) + ", \"event_name\": " + quote(hostileName(random)) + "}"));
            requests.incrementAndGet();
            assertThat(response.status()).as(response.text()).isIn(200, 201, 400, 413);
            if (response.status() >= 400) {
                assertThat(response.json().get("error").asString()).isNotBlank();
            }
        }
    }

    private static String hostileName(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> anyText(random, 300);
            case 1 -> text(random, between(random, 0, 50), "\u0000\u202e\t\r\n =+-@<>\"'\\");
            case 2 -> "Ж".repeat(between(random, 190, 100_000));
            default -> oneOf(random, List.of("all", "chat_finished", "offline_message", "ALL", "all ", "../all",
                    "all\u0000", "call_event", "chat_assigned", "get_key", "data", "admin"));
        };
    }

    // ---- data URL queries ----

    @Test
    void hostileDataQueriesGet400OrAPage(Random random) {
        for (int i = 0; i < TRIES; i++) {
            Response response = hub.get(dataUrl + "?" + hostileQuery(random));
            requests.incrementAndGet();
            assertThat(response.status()).as(response.text()).isIn(200, 400, 414);
            if (response.status() != 200) {
                assertThat(response.json().get("error").asString()).isNotBlank();
            }
        }
    }

    private static String hostileQuery(Random random) {
        List<String> parts = new ArrayList<>();
        for (int i = between(random, 0, 4); i > 0; i--) {
            String name = oneOf(random, List.of("after", "limit", "from", "to", "event_name", "limt", "%00", "a[]",
                    "after%20", ""));
            String value = random.nextBoolean()
                    ? oneOf(random, List.of("-1", "0", "1", "9223372036854775807", "9223372036854775808", "1e99", "NaN",
                            "%00", "2026-11-26", "2026-13-45", "2026-11-26T10:00:00%2B03:00", "99999-01-01",
                            "%27%20OR%201=1", "chat_finished", "CHAT", "%E2%80%AE", "%FF%FE", "x".repeat(5000)))
                    : text(random, between(random, 0, 40), ALPHANUMERIC);
            parts.add(name + "=" + value);
        }
        return String.join("&", parts);
    }

    // ---- raw HTTP: methods, paths, headers ----

    @Test
    void hostileRawRequestsNeverGetA5xx(Random random) {
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT",
                "FOO", "get", "POST ", "P\u00d8ST");
        List<String> paths = List.of("/jivo/all/" + key, "/jivo/chat_finished/" + key, "/jivo/all/" + key.toUpperCase(),
                "/jivo/all/" + key + "/", "/jivo/all//" + key, "/jivo/all/../all/" + key,
                "/jivo/all/%2e%2e/" + key, "/jivo/all/" + key + "%00", "/jivo/all/" + key + "?x=1",
                "/jivo/all/" + key.substring(1), "/jivo/all/" + key + "0", "/jivo/%61ll/" + key,
                "/jivo/data/" + key, "/jivo/data/../../etc/passwd", "/jivo/get_key", "/jivo/get_key/",
                "/jivo/admin", "/jivo/admin/connections", "/jivo/admin/connections/" + sacrificialId,
                "/jivo/admin/connections/" + sacrificialId + "/revoke",
                "/jivo/admin/connections/" + sacrificialId + "/rotate_url?overlap_hours=x",
                "/jivo/admin/connections/" + sacrificialId + "/rotate_data_url",
                "/jivo/admin/connections/-1/revoke",
                "/jivo/admin/connections/99999999999999999999", "/jivo/admin/erasure", "/health", "/metrics",
                "/", "*", "//", "/%", "/%zz", "/jivo/\u00e9/x", "/" + "a".repeat(10_000));
        List<String> headers = List.of("", "Content-Type: application/json\r\n", "Content-Type: text/html\r\n",
                "Accept: text/plain\r\n", "Accept: */*;q=x\r\n", "Transfer-Encoding: identity\r\n",
                "X-Forwarded-For: 203.0.113.1\r\n", "X-Forwarded-For: , ,, garbage\r\n", "X-Real-IP: ::::\r\n",
                "Forwarded: for=\"[::1]\"\r\n", "Authorization: Bearer \r\n", "Authorization: Basic Og==\r\n",
                "Authorization: Bearer " + TestHub.TOKEN + "\r\n", "Authorization: Bearer " + TestHub.TOKEN + "\r\n",
                "Expect: 100-continue\r\n", "Content-Encoding: gzip\r\n", "X-Long: " + "v".repeat(4000) + "\r\n",
                "Cookie: a=b; a=c\r\n", "Host: evil.example.com\r\n", "Range: bytes=0-1\r\n",
                "If-None-Match: *\r\n", "Accept-Charset: koi8-r\r\n");
        for (int i = 0; i < TRIES * 2; i++) {
            String method = random.nextInt(4) == 0 ? text(random, between(random, 1, 20), ALPHANUMERIC.toUpperCase())
                    : oneOf(random, methods);
            String path = random.nextBoolean() ? oneOf(random, paths)
                    : "/jivo/" + text(random, between(random, 0, 120), "/.%0123456789abcdefABCDEF?#&=;");
            byte[] body = hostileBody(random);
            boolean chunked = random.nextInt(3) == 0;
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + oneOf(random, headers) + (chunked ? "Transfer-Encoding: chunked\r\n"
                    : "Content-Length: " + body.length + "\r\n");
            if (chunked) {
                body = chunks(random, body);
            }
            int status = raw(head, body, method.equals("HEAD"));
            requests.incrementAndGet();
            // 503 is the store's, 501 a transfer coding the server does not do (two Transfer-Encoding headers)
            assertThat(status).as("%s %s", method, path).satisfiesAnyOf(
                    code -> assertThat(code).isLessThan(500),
                    code -> assertThat(code).isIn(501, 503));
        }
    }

    // ---- generators ----

    /** {@code body} in chunked framing: mostly well formed, sometimes with a size that lies or is not hex. */
    private static byte[] chunks(Random random, byte[] body) {
        java.io.ByteArrayOutputStream framed = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int size = Math.min(body.length - at, between(random, 1, 4096));
            String sizeLine = switch (random.nextInt(12)) {
                case 0 -> "zz";
                case 1 -> Integer.toHexString(size + between(random, 1, 100));
                case 2 -> "-" + Integer.toHexString(size);
                case 3 -> Integer.toHexString(size) + ";ext=" + text(random, 5, ALPHANUMERIC);
                default -> Integer.toHexString(size);
            };
            framed.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
            framed.write(body, at, size);
            framed.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            at += size;
        }
        if (random.nextInt(5) > 0) {
            framed.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return framed.toByteArray();
    }

    private static <T> T oneOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A number from {@code min} to {@code max}, the edges and small values more often than the rest. */
    private static int between(Random random, int min, int max) {
        return switch (random.nextInt(8)) {
            case 0 -> min;
            case 1 -> max;
            case 2, 3 -> min + random.nextInt(Math.min(100, max - min + 1));
            default -> min + random.nextInt(max - min + 1);
        };
    }

    /** {@code length} characters from {@code alphabet}. */
    private static String text(Random random, int length, String alphabet) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Up to {@code maxLength} of any UTF-16 code units: controls, lone surrogates, Cyrillic, everything. */
    private static String anyText(Random random, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = between(random, 0, maxLength); i > 0; i--) {
            text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x80) : (char) random.nextInt(0x10000));
        }
        return text.toString();
    }

    /**
     * Sends a raw request and returns the status of the answer (0 when the server closed without one). A webhook
     * it got stored (a trick that still reaches the URL) counts as acknowledged.
     */
    private static int raw(String head, byte[] body, boolean isHead) {
        try (RawHttp http = new RawHttp(hub.port())) {
            RawHttp.Answer answer = http.send(head, body).finish().read(isHead);
            if (answer == null) {
                return 0;
            }
            if (answer.status() == 200 && answer.text().contains("\"event_id\"")) {
                acknowledged.add(Json.MAPPER.readTree(answer.body()).get("data").get(0).get("event_id").get(0).asLong());
            }
            return answer.status();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not answer within 10 s", e);
        } catch (IOException | UncheckedIOException e) {
            return 0; // the server closed the connection on a request it would not read
        }
    }

    private static byte[] nested(int depth, String open, String close) {
        return utf8(open.repeat(depth) + "1" + close.repeat(depth));
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.chars().forEach(c -> json.append(c < 0x20 || c == '"' || c == '\\'
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return json.append('"').toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
