package io.jivohub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublisher;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import io.jivohub.Config;
import io.jivohub.Jivohub;
import io.jivohub.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real jivohub on a free port over a real store, reached through real HTTP.
 *
 * <p>It runs with an admin token ({@link #TOKEN} unless the flags give one), and its own request methods send it
 * as {@code Authorization: Bearer} unless the caller sends an {@code Authorization} of its own; a test of what
 * happens without a token uses {@link Http} directly.
 */
public final class TestHub implements AutoCloseable {
    /** The admin token of a hub started without {@code --admin-token}. */
    public static final String TOKEN = "test-hub-admin-token-0123456789";

    private final String db;
    private final List<String> flags;
    private final String token;
    private Jivohub jivohub;

    private TestHub(String db, List<String> flags) {
        int given = flags.indexOf("--admin-token");
        this.db = db;
        this.token = given < 0 ? TOKEN : flags.get(given + 1);
        this.flags = new ArrayList<>(flags);
        if (given < 0) {
            this.flags.addAll(List.of("--admin-token", TOKEN));
        }
    }

    /** Starts jivohub on the store at JDBC URL {@code db} with the extra {@code flags}. */
    public static TestHub start(String db, String... flags) {
        TestHub hub = new TestHub(db, List.of(flags));
        hub.start(0);
        return hub;
    }

    /** The admin token it runs with. */
    public String adminToken() {
        return token;
    }

    /** Starts jivohub on a new SQLite file in {@code folder}. */
    public static TestHub start(Path folder, String... flags) {
        return start(StoreKind.SQLITE.newDatabase(folder), flags);
    }

    private void start(int port) {
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--db", db));
        args.addAll(flags);
        try {
            jivohub = Jivohub.start(Config.parse(args, Map.of()));
        } catch (Config.Invalid e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Stops the server and starts a new one on the same database and port, so the URLs stay valid. */
    public void restart() {
        restart(() -> {
        });
    }

    /** Stops the server, runs {@code whileStopped}, and starts a new one on the same database and port. */
    public void restart(Runnable whileStopped) {
        int port = port();
        jivohub.close();
        whileStopped.run();
        start(port);
    }

    /** Runs {@code statements} on this hub's store, each in a transaction of its own (stop the hub first). */
    public void sql(String... statements) {
        try (java.sql.Connection connection = DriverManager.getConnection(db);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDBC URL of this hub's store. */
    public String db() {
        return db;
    }

    public int port() {
        return jivohub.port();
    }

    /** An absolute URL on this server for {@code path}. */
    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    /** Creates (or gets) a connection and returns get_key's JSON answer; {@code headers} are name, value pairs. */
    public JsonNode connection(String accountName, String eventName, String... headers) {
        Response response = post(url("/jivo/get_key"),
                Json.MAPPER.writeValueAsBytes(Map.of("account_name", accountName, "event_name", eventName)), headers);
        assertThat(response.status()).as(response.text()).isIn(200, 201);
        return response.json();
    }

    /** The id the admin API gives the connection of {@code accountName} (get_key's answer has none). */
    public long connectionId(String accountName) {
        for (JsonNode listed : get(url("/jivo/admin/connections")).json().get("connections")) {
            if (listed.get("account_name").asString().equals(accountName)) {
                return listed.get("id").asLong();
            }
        }
        throw new AssertionError("no connection of " + accountName + " is listed");
    }

    public Response post(String url, byte[] body, String... headers) {
        return Http.post(url, body, withToken(headers));
    }

    public Response post(String url, String body, String... headers) {
        return Http.post(url, body, withToken(headers));
    }

    public Response get(String url, String... headers) {
        return Http.get(url, withToken(headers));
    }

    /** The value of the {@code /metrics} line that starts with {@code line} (name, labels, space); -1 when none. */
    public double metric(String line) {
        return Http.metric(url("/metrics"), line);
    }

    public Response send(String url, String method, BodyPublisher body, String... headers) {
        return Http.send(url, method, body, withToken(headers));
    }

    /** {@code headers} (name, value pairs) and the admin token, unless they carry an Authorization already. */
    private String[] withToken(String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Authorization")) {
                return headers;
            }
        }
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = "Bearer " + token;
        return all;
    }

    /** Every event behind {@code dataUrl}, following {@code next_after} to the end. */
    public List<JsonNode> allTables(String dataUrl) {
        return readAll(dataUrl);
    }

    /** The event_id of every event behind {@code dataUrl}, table by table. */
    public List<Long> eventIds(String dataUrl) {
        List<Long> ids = new ArrayList<>();
        allTables(dataUrl).forEach(table -> table.get("event_id").forEach(id -> ids.add(id.asLong())));
        return ids;
    }

    /** The rows of a page of a Jivo table in its columnar form, each as an object of its columns. */
    public static List<JsonNode> tableRows(JsonNode page) {
        JsonNode table = page.get("data").get(0);
        List<JsonNode> rows = new ArrayList<>();
        for (int i = 0; i < table.get("row_version").size(); i++) {
            ObjectNode row = Json.MAPPER.createObjectNode();
            for (var column : table.properties()) {
                row.set(column.getKey(), column.getValue().get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Every event behind {@code dataUrl} of any jivohub, following {@code next_after} to the end. */
    public static List<JsonNode> readAll(String dataUrl) {
        List<JsonNode> tables = new ArrayList<>();
        String after = "0";
        while (after != null) {
            Response page = Http.get(dataUrl + "?after=" + after);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().get("data").forEach(tables::add);
            JsonNode next = page.json().get("next_after");
            after = next.isNull() ? null : next.asString();
        }
        return tables;
    }

    /**
     * Reads {@code dataUrl} as a client following new events does: pages of {@code limit} from {@code after=0}, on
     * to the last id seen, until {@code writers} are done and a page says nothing more remains. Returns every
     * event id read, in the order read.
     */
    public List<Long> followCursor(String dataUrl, int limit, Future<?> writers) {
        List<Long> seen = new ArrayList<>();
        long after = 0;
        boolean writersDone = false;
        while (true) {
            Response page = get(dataUrl + "?limit=" + limit + "&after=" + after);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            List<Long> ids = new ArrayList<>();
            page.json().get("data").forEach(table -> table.get("event_id").forEach(id -> ids.add(id.asLong())));
            ids.sort(null);
            seen.addAll(ids);
            if (!ids.isEmpty()) {
                after = ids.getLast();
            }
            if (page.json().get("next_after").isNull()) {
                if (writersDone) {
                    return seen;
                }
                writersDone = writers.isDone();
            }
        }
    }

    @Override
    public void close() {
        jivohub.close();
    }
}
