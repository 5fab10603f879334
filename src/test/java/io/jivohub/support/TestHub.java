package io.jivohub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.jivohub.Config;
import io.jivohub.Jivohub;
import io.jivohub.web.Json;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/**
 * A real jivohub on a free port with a SQLite file in a test folder, reached through real HTTP.
 */
public final class TestHub implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private final List<String> flags;
    private Path folder;
    private Jivohub jivohub;

    private TestHub(List<String> flags) {
        this.flags = flags;
    }

    /** Starts jivohub with its database in {@code folder} and the extra {@code flags}. */
    public static TestHub start(Path folder, String... flags) {
        TestHub hub = new TestHub(List.of(flags));
        hub.folder = folder;
        hub.start(0);
        return hub;
    }

    /**
     * One jivohub for all tests of a class, with the extra {@code flags}: register it with
     * {@code @RegisterExtension static final TestHub hub = TestHub.perClass();}.
     */
    public static TestHub perClass(String... flags) {
        return new TestHub(List.of(flags));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("jivohub-test");
        start(0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private void start(int port) {
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--db", "jdbc:sqlite:" + database()));
        args.addAll(flags);
        try {
            jivohub = Jivohub.start(Config.parse(args, Map.of()));
        } catch (Config.Invalid e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Stops the server and starts a new one on the same database and port, so the URLs stay valid. */
    public void restart() {
        int port = port();
        jivohub.close();
        start(port);
    }

    public Path database() {
        return folder.resolve("jivohub.db");
    }

    public int port() {
        return jivohub.port();
    }

    /** An absolute URL on this server for {@code path}. */
    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    /** Creates (or gets) a connection and returns get_key's JSON answer. */
    public JsonNode connection(String accountName, String eventName) {
        Response response = post(url("/jivo/get_key"),
                Json.MAPPER.writeValueAsBytes(Map.of("account_name", accountName, "event_name", eventName)));
        assertThat(response.status()).as(response.text()).isIn(200, 201);
        return response.json();
    }

    public Response post(String url, byte[] body, String... headers) {
        return Http.post(url, body, headers);
    }

    public Response post(String url, String body, String... headers) {
        return Http.post(url, body, headers);
    }

    public Response get(String url, String... headers) {
        return Http.get(url, headers);
    }

    public Response send(String url, String method, BodyPublisher body, String... headers) {
        return Http.send(url, method, body, headers);
    }

    /** Every event behind {@code dataUrl}, following {@code next_after} to the end. */
    public List<JsonNode> allTables(String dataUrl) {
        List<JsonNode> tables = new ArrayList<>();
        String after = "0";
        while (after != null) {
            Response page = get(dataUrl + "?after=" + after);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().get("data").forEach(tables::add);
            JsonNode next = page.json().get("next_after");
            after = next.isNull() ? null : next.asString();
        }
        return tables;
    }

    @Override
    public void close() {
        jivohub.close();
    }
}
