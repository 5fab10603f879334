package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jivohub.support.Response;
import io.jivohub.support.Samples;
import io.jivohub.support.TestEvents;
import io.jivohub.support.TestHub;
import io.jivohub.web.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/**
 * Malformed and hostile requests to every endpoint, 10,000 and more: truncated and deeply nested JSON, huge
 * numbers, invalid UTF-8, NUL bytes, duplicate keys, wrong methods, odd headers, path tricks, over-long fields.
 * Never a 5xx (503, the store's, excepted), never a row stored for a rejected request, and the server stays
 * healthy. Bad requests go through a raw socket where an HTTP client would refuse to send them.
 */
class HostileInputTest {
    private static final int TRIES = 2000;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");
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

    @BeforeContainer
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

    @AfterContainer
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
                Set<Long> stored = new java.util.HashSet<>();
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

    @Property(tries = TRIES)
    void hostileWebhookBodiesGetA4xxOrAreStored(@ForAll("hostileBodies") byte[] body, @ForAll boolean typed) {
        Response response = hub.post(typed ? typedUrl : allUrl, body);
        requests.incrementAndGet();
        assertThat(response.status()).as(response.text()).isIn(200, 400, 413);
        assertThat(response.json().isObject()).isTrue();
        if (response.status() == 200 && response.json().has("data")) {
            acknowledged.add(response.json().get("data").get(0).get("event_id").get(0).asLong());
        } else if (response.status() != 200) {
            assertThat(response.json().get("error").asString()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> hostileBodies() {
        Arbitrary<byte[]> sample = Arbitraries.of(SAMPLES);
        return Arbitraries.oneOf(
                // truncated JSON
                Combinators.combine(sample, Arbitraries.doubles().between(0, 1))
                        .as((bytes, cut) -> java.util.Arrays.copyOf(bytes, (int) (bytes.length * cut))),
                // one byte of a sample replaced: invalid UTF-8, NUL, a stray quote or bracket
                Combinators.combine(sample, Arbitraries.doubles().between(0, 1),
                                Arbitraries.of((byte) 0, (byte) 0xff, (byte) 0xc0, (byte) 0x80, (byte) '"', (byte) '{',
                                        (byte) ']', (byte) '\\', (byte) 0xed))
                        .as((bytes, at, value) -> {
                            byte[] copy = bytes.clone();
                            copy[Math.min(copy.length - 1, (int) (copy.length * at))] = value;
                            return copy;
                        }),
                Arbitraries.integers().between(1, 100_000).map(depth -> nested(depth, "{\"a\":", "}")),
                Arbitraries.integers().between(1, 100_000).map(depth -> nested(depth, "[", "]")),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(5000)
                        .map(digits -> utf8("{\"event_name\": \"chat_finished\", \"chat_id\": " + digits + "}")),
                Arbitraries.of("1e999999999", "-0", "1E+2147483648", "0.0000000000000000000000001e-999999",
                                "123456789012345678901234567890", "NaN", "Infinity", "0x10", "01")
                        .map(number -> utf8("{\"event_name\": \"chat_finished\", \"chat_id\": " + number + "}")),
                Arbitraries.strings().ofMaxLength(200)
                        .map(text -> utf8("{\"event_name\": \"chat_finished\", \"chat_id\": 1, \"chat_id\": "
                                + quote(text) + "}")),
                Arbitraries.strings().all().ofMaxLength(300)
                        .map(text -> utf8("{\"event_name\": " + quote(text) + ", \"message\": " + quote(text) + "}")),
                Arbitraries.integers().between(1, 2_000_000)
                        .map(length -> utf8("{\"event_name\": \"offline_message\", \"message\": \""
                                + "я".repeat(length / 2) + "\"}")),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2000),
                Arbitraries.of("", " ", "null", "[]", "\"text\"", "42", "true", "{}", "{\"event_name\": null}",
                        "{\"event_name\": 7}", "{\"event_name\": \"chat_finished\"} trailing", "\uFEFF{}",
                        "{\"event_name\": \"../../etc\"}", "{\"a\":1,}", "{'a':1}", "{\"a\":\"\\ud800\"}",
                        "{\"event_name\": \"chat_finished\", \"visitor\": {\"email\": \"=HYPERLINK(\\\"x\\\")\"}}",
                        "{\"event_name\": \"chat_finished\", \"message\": \"<script>alert(1)</script>\"}")
                        .map(HostileInputTest::utf8));
    }

    // ---- get_key ----

    @Property(tries = TRIES)
    void hostileGetKeyRequestsGetA4xxOrAConnection(@ForAll("hostileNames") String accountName,
                                                   @ForAll("hostileNames") String eventName) {
        Response response = hub.post(hub.url("/jivo/get_key"),
                utf8("{\"account_name\": " + quote(accountName) + ", \"event_name\": " + quote(eventName) + "}"));
        requests.incrementAndGet();
        assertThat(response.status()).as(response.text()).isIn(200, 201, 400, 413);
        if (response.status() >= 400) {
            assertThat(response.json().get("error").asString()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> hostileNames() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("\u0000\u202e\t\r\n =+-@<>\"'\\").ofMaxLength(50),
                Arbitraries.integers().between(190, 100_000).map("Ж"::repeat),
                Arbitraries.of("all", "chat_finished", "offline_message", "ALL", "all ", "../all", "all\u0000",
                        "call_event", "chat_assigned", "get_key", "data", "admin"));
    }

    // ---- data URL queries ----

    @Property(tries = TRIES)
    void hostileDataQueriesGet400OrAPage(@ForAll("hostileQueries") String query) {
        Response response = hub.get(dataUrl + "?" + query);
        requests.incrementAndGet();
        assertThat(response.status()).as(response.text()).isIn(200, 400, 414);
        if (response.status() != 200) {
            assertThat(response.json().get("error").asString()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> hostileQueries() {
        Arbitrary<String> name = Arbitraries.of("after", "limit", "from", "to", "event_name", "limt", "%00", "a[]",
                "after%20", "");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("-1", "0", "1", "9223372036854775807", "9223372036854775808", "1e99", "NaN", "%00",
                        "2026-11-26", "2026-13-45", "2026-11-26T10:00:00%2B03:00", "99999-01-01", "%27%20OR%201=1",
                        "chat_finished", "CHAT", "%E2%80%AE", "%FF%FE", "x".repeat(5000)),
                Arbitraries.strings().alpha().numeric().ofMaxLength(40));
        return Combinators.combine(name, value).as((n, v) -> n + "=" + v).list().ofMaxSize(4)
                .map(parts -> String.join("&", parts));
    }

    // ---- raw HTTP: methods, paths, headers ----

    @Property(tries = TRIES * 2)
    void hostileRawRequestsNeverGetA5xx(@ForAll("methods") String method, @ForAll("paths") String path,
                                        @ForAll("headers") String headers, @ForAll("hostileBodies") byte[] body) {
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        int status = raw(head, body);
        requests.incrementAndGet();
        assertThat(status).as("%s %s", method, path).satisfiesAnyOf(
                code -> assertThat(code).isLessThan(500),
                code -> assertThat(code).isEqualTo(503));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT", "FOO",
                "get", "POST ", "P\u00d8ST");
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(
                Arbitraries.of("/jivo/all/" + key, "/jivo/chat_finished/" + key, "/jivo/all/" + key.toUpperCase(),
                        "/jivo/all/" + key + "/", "/jivo/all//" + key, "/jivo/all/../all/" + key,
                        "/jivo/all/%2e%2e/" + key, "/jivo/all/" + key + "%00", "/jivo/all/" + key + "?x=1",
                        "/jivo/all/" + key.substring(1), "/jivo/all/" + key + "0", "/jivo/%61ll/" + key,
                        "/jivo/data/" + key, "/jivo/data/../../etc/passwd", "/jivo/get_key", "/jivo/get_key/",
                        "/jivo/admin/connections", "/jivo/admin/connections/" + sacrificialId,
                        "/jivo/admin/connections/" + sacrificialId + "/revoke",
                        "/jivo/admin/connections/" + sacrificialId + "/rotate_url?overlap_hours=x",
                        "/jivo/admin/connections/" + sacrificialId + "/rotate_data_url",
                        "/jivo/admin/connections/-1/revoke",
                        "/jivo/admin/connections/99999999999999999999", "/jivo/admin/erasure", "/health", "/metrics",
                        "/", "*", "//", "/%", "/%zz", "/jivo/\u00e9/x", "/" + "a".repeat(10_000)),
                Arbitraries.strings().withChars("/.%0123456789abcdefABCDEF?#&=;").ofMaxLength(120).map(p -> "/jivo/" + p));
    }

    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.of("", "Content-Type: application/json\r\n", "Content-Type: text/html\r\n",
                "Accept: text/plain\r\n", "Accept: */*;q=x\r\n", "Transfer-Encoding: identity\r\n",
                "X-Forwarded-For: 203.0.113.1\r\n", "X-Forwarded-For: , ,, garbage\r\n", "X-Real-IP: ::::\r\n",
                "Forwarded: for=\"[::1]\"\r\n", "Authorization: Bearer \r\n", "Authorization: Basic Og==\r\n",
                "Expect: 100-continue\r\n", "Content-Encoding: gzip\r\n", "X-Long: " + "v".repeat(4000) + "\r\n",
                "Cookie: a=b; a=c\r\n", "Host: evil.example.com\r\n", "Range: bytes=0-1\r\n",
                "If-None-Match: *\r\n", "Accept-Charset: koi8-r\r\n");
    }

    /**
     * Sends a raw request and returns the status of the answer (0 when the server closed without one). A webhook
     * it got stored (a trick that still reaches the URL) counts as acknowledged.
     */
    private static int raw(byte[] head, byte[] body) {
        try (Socket socket = new Socket("localhost", hub.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String answerHead;
            int status;
            do { // past interim answers such as 100 Continue
                answerHead = readHead(in);
                if (!answerHead.startsWith("HTTP/1.1 ")) {
                    return 0;
                }
                status = Integer.parseInt(answerHead.substring(9, 12));
            } while (status < 200);
            Matcher length = CONTENT_LENGTH.matcher(answerHead);
            byte[] entity = new byte[length.find() ? Integer.parseInt(length.group(1)) : 0];
            in.readFully(entity);
            if (status == 200 && new String(entity, StandardCharsets.UTF_8).contains("\"event_id\"")) {
                JsonNode answer = Json.MAPPER.readTree(entity);
                acknowledged.add(answer.get("data").get(0).get("event_id").get(0).asLong());
            }
            return status;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not answer within 10 s", e);
        } catch (IOException e) {
            return 0; // the server closed the connection on a request it would not read
        }
    }

    /** The status line and headers, up to the empty line. */
    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 65_536 && !head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
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
