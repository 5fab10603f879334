package io.jivohub;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.management.UnixOperatingSystemMXBean;
import io.jivohub.forward.RetrySchedule;
import io.jivohub.store.Store;
import io.jivohub.web.AddressBlock;
import io.jivohub.web.ClientIp;

/**
 * How a jivohub instance is set up. Every setting is declared once below as a {@link Setting}: a flag with an
 * environment twin (a flag wins over its twin), a default, a parser with its range, and a help line.
 *
 * @param port          the HTTP port; 0 picks a free one
 * @param db            the JDBC URL of the store
 * @param publicUrl     the base of generated URLs, no trailing slash; empty for {@code http://localhost:<port>}
 * @param adminToken    the token get_key, the admin API and the dashboard ask for; empty for the one kept beside the
 *                      SQLite file (see {@code AdminToken})
 * @param maxBodyBytes  the largest webhook body accepted
 * @param maxBatch      the most events one transaction commits
 * @param retentionDays events older than this many days are deleted; 0 keeps them forever
 * @param notFoundLimit the 404 and 401 answers one client may get a minute before it is slowed down; 0 for no limit
 * @param clientIp      who the client of a request is: the peer, or what a trusted proxy's header says
 * @param maxConnections the most HTTP connections open at once; more are answered 503 and closed
 * @param idleTimeout   how long a connection may stay without a request starting or ending or an answer going out
 * @param forwardRetries when each attempt to deliver a forwarded event is made
 * @param forwardTimeout how long one attempt to deliver a forwarded event may take
 * @param forwardAllowPrivate whether forwarding may reach loopback, private and link-local addresses
 * @param benchBaseline answer webhooks without storing them, as the benchmark's baseline
 * @param benchNoTables build no Jivo tables, as the benchmark's measure of what building them costs
 */
public record Config(int port, String db, Optional<String> publicUrl, Optional<String> adminToken,
                     int maxBodyBytes, int maxBatch, int retentionDays, int notFoundLimit, ClientIp clientIp,
                     int maxConnections, Duration idleTimeout, RetrySchedule forwardRetries,
                     Duration forwardTimeout, boolean forwardAllowPrivate, boolean benchBaseline,
                     boolean benchNoTables) {

    static final int MIN_ADMIN_TOKEN = 16;
    static final int MIN_CONNECTIONS = 16;
    static final int MAX_AUTO_CONNECTIONS = 10_000;
    static final int RESERVED_FILES = 256;
    static final int MAX_ATTEMPTS = 50;
    private static final Pattern DELAY = Pattern.compile("(\\d{1,6})(ms|s|m|h)");

    static final Setting<Integer> PORT = Setting.integer("--port", "JIVOHUB_PORT", 8080, 0, 65_535,
            "HTTP port (0 picks a free one)");
    static final Setting<String> DB = Setting.text("--db", "JIVOHUB_DB", "jdbc:sqlite:data/jivohub.db",
            Config::database,
            "the store: jdbc:sqlite:<file> (folder created) or jdbc:postgresql://<host>:<port>/<db>?user=…&password=…");
    static final Setting<Optional<String>> PUBLIC_URL = Setting.text("--public-url", "JIVOHUB_PUBLIC_URL", null,
            Config::publicUrl, "base of generated URLs, as Jivo reaches this server (default http://localhost:<port>)");
    static final Setting<Optional<String>> ADMIN_TOKEN = Setting.text("--admin-token", "JIVOHUB_ADMIN_TOKEN", null,
            Config::adminToken, "token for get_key, the admin API and the dashboard (Authorization: Bearer, or the"
                    + " password); without it, one is made at first start and kept in admin-token beside the SQLite"
                    + " file; needed with PostgreSQL");
    static final Setting<Integer> MAX_BODY_BYTES = Setting.integer("--max-body-bytes", "JIVOHUB_MAX_BODY_BYTES",
            8 * 1024 * 1024, 1024, Integer.MAX_VALUE - 8, "largest webhook body accepted, in bytes; larger ones get 413");
    static final Setting<Integer> MAX_BATCH = Setting.integer("--max-batch", "JIVOHUB_MAX_BATCH", 1000, 1, 10_000,
            "most events committed by one transaction; 1 commits each on its own (slow)");
    static final Setting<Integer> RETENTION_DAYS = Setting.integer("--retention-days", "JIVOHUB_RETENTION_DAYS", 0,
            0, 100 * 366, "delete events older than this many days, in the background; 0 keeps them forever");
    static final Setting<Integer> NOT_FOUND_LIMIT = Setting.integer("--not-found-limit", "JIVOHUB_NOT_FOUND_LIMIT",
            120, 0, 1_000_000, "404 and 401 answers one client may get a minute; past it, 429 until the allowance"
                    + " refills; 0 for no limit");
    static final Setting<ClientIp.Header> CLIENT_IP_HEADER = Setting.text("--client-ip-header",
            "JIVOHUB_CLIENT_IP_HEADER", ClientIp.Header.NONE.setting(), Config::clientIpHeader,
            "where a request's client is named: none (the peer address), x-forwarded-for (its last address) or"
                    + " x-real-ip; read only from --trusted-proxies");
    static final Setting<List<AddressBlock>> TRUSTED_PROXIES = Setting.text("--trusted-proxies",
            "JIVOHUB_TRUSTED_PROXIES", "127.0.0.0/8,::1", Config::addressBlocks,
            "the proxies whose --client-ip-header is believed: addresses or blocks, comma-separated");
    static final Setting<Integer> MAX_CONNECTIONS = Setting.text("--max-connections", "JIVOHUB_MAX_CONNECTIONS",
            "auto", Config::maxConnections, "HTTP connections open at once; more get 503 and are closed at once;"
                    + " auto: half of the process's limit of open files less " + RESERVED_FILES + ", at most "
                    + MAX_AUTO_CONNECTIONS);
    static final Setting<Integer> IDLE_TIMEOUT = Setting.integer("--idle-timeout", "JIVOHUB_IDLE_TIMEOUT", 60, 5,
            3600, "seconds a connection may stay open without a request starting or ending or a piece of an answer"
                    + " going out; then it is closed");
    static final Setting<RetrySchedule> FORWARD_RETRIES = Setting.text("--forward-retries",
            "JIVOHUB_FORWARD_RETRIES", RetrySchedule.DEFAULT, Config::retrySchedule,
            "when a forwarded event is attempted, after its first attempt (0s, at once): times (ms, s, m, h),"
                    + " increasing, comma-separated; after the last, the delivery has failed");
    static final Setting<Integer> FORWARD_TIMEOUT = Setting.integer("--forward-timeout", "JIVOHUB_FORWARD_TIMEOUT",
            15, 1, 300, "seconds one attempt to deliver a forwarded event may take (connecting: at most 5)");
    static final Setting<Boolean> FORWARD_ALLOW_PRIVATE = Setting.onOff("--forward-allow-private",
            "let destinations be on this machine or a private network (loopback, 10.x, 192.168.x, link-local);"
                    + " without it they must be public addresses");
    /** Deliberately a switch without an environment twin: nobody should turn storage off by accident. */
    static final Setting<Boolean> BENCH_BASELINE = Setting.onOff("--bench-baseline",
            "benchmarks only: answer webhooks WITHOUT STORING them, to measure what storing costs");
    /** A switch without an environment twin, like {@link #BENCH_BASELINE}. */
    static final Setting<Boolean> BENCH_NO_TABLES = Setting.onOff("--bench-no-tables",
            "benchmarks only: build NO Jivo tables (dataset= answers 503), to measure what building them costs");

    /** Every setting, in the order of {@code --help} and the README. */
    static final List<Setting<?>> SETTINGS = List.of(PORT, DB, PUBLIC_URL, ADMIN_TOKEN, MAX_BODY_BYTES, MAX_BATCH,
            RETENTION_DAYS, NOT_FOUND_LIMIT, CLIENT_IP_HEADER, TRUSTED_PROXIES, MAX_CONNECTIONS, IDLE_TIMEOUT,
            FORWARD_RETRIES, FORWARD_TIMEOUT, FORWARD_ALLOW_PRIVATE, BENCH_BASELINE, BENCH_NO_TABLES);

    /** A setting with a bad value; the message is one line that names the flag. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The store's URL without its parameters and credentials, fit for a log. */
    public String dbForLog() {
        String url = db.replaceFirst("//[^/@]*@", "//");
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Whether {@code args} ask for help instead of a server. */
    public static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    /** The text {@code --help} prints. */
    public static String help() {
        return """
                jivohub: captures Jivo webhooks and serves them as tables.

                usage: java -jar jivohub.jar [options]

                  flag                     environment variable
                %s
                  --help                                            this text
                """.formatted(SETTINGS.stream().map(Setting::helpLine).collect(Collectors.joining("\n")));
    }

    /** Reads the settings from {@code args} (flags) and {@code env} (their twins). */
    public static Config parse(List<String> args, Map<String, String> env) throws Invalid {
        Values values = new Values();
        for (Setting<?> setting : SETTINGS) {
            String value = setting.isSwitch() ? null : env.get(setting.env());
            if (value != null && !value.isEmpty()) {
                values.put(setting, value, setting.env() + " (" + setting.flag() + ")");
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            Setting<?> setting = SETTINGS.stream().filter(s -> s.flag().equals(flag)).findFirst()
                    .orElseThrow(() -> new Invalid("unknown option " + flag + "; see --help"));
            String value;
            if (setting.isSwitch()) {
                if (equals >= 0) {
                    throw new Invalid(flag + " takes no value");
                }
                value = "true";
            } else if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new Invalid(flag + " needs a value");
            }
            values.put(setting, value, flag);
        }
        Config config = new Config(values.get(PORT), values.get(DB), values.get(PUBLIC_URL), values.get(ADMIN_TOKEN),
                values.get(MAX_BODY_BYTES), values.get(MAX_BATCH), values.get(RETENTION_DAYS),
                values.get(NOT_FOUND_LIMIT), new ClientIp(values.get(CLIENT_IP_HEADER), values.get(TRUSTED_PROXIES)),
                values.get(MAX_CONNECTIONS), Duration.ofSeconds(values.get(IDLE_TIMEOUT)),
                values.get(FORWARD_RETRIES), Duration.ofSeconds(values.get(FORWARD_TIMEOUT)),
                values.get(FORWARD_ALLOW_PRIVATE), values.get(BENCH_BASELINE), values.get(BENCH_NO_TABLES));
        if (config.adminToken().isEmpty() && Store.fileOf(config.db()).isEmpty()) {
            throw new Invalid("--admin-token (JIVOHUB_ADMIN_TOKEN) is needed with PostgreSQL: every instance must"
                    + " take the same token, and no file beside the database can keep one");
        }
        return config;
    }

    /** The texts given for settings, and where each came from, for messages that name it as the user wrote it. */
    private static final class Values {
        private final Map<Setting<?>, String> texts = new HashMap<>();
        private final Map<Setting<?>, String> sources = new HashMap<>();

        void put(Setting<?> setting, String text, String source) {
            texts.put(setting, text);
            sources.put(setting, source);
        }

        <T> T get(Setting<T> setting) throws Invalid {
            try {
                return setting.parser().parse(texts.getOrDefault(setting, setting.defaultText()));
            } catch (Setting.Broken e) {
                throw new Invalid(sources.getOrDefault(setting, setting.flag()) + " " + e.getMessage());
            }
        }
    }

    private static String database(String text) throws Setting.Broken {
        String url = text.strip();
        if (!Store.accepts(url)) {
            throw new Setting.Broken("must be jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>");
        }
        try {
            Store.fileOf(url);
        } catch (IllegalArgumentException e) {
            throw new Setting.Broken(e.getMessage());
        }
        return url;
    }

    private static Optional<String> publicUrl(String text) throws Setting.Broken {
        if (text == null) {
            return Optional.empty();
        }
        String url = text.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
                return Optional.of(url);
            }
        } catch (URISyntaxException e) {
            // broken below
        }
        throw new Setting.Broken(
                "must be an http(s) URL without query, such as https://hooks.example.com, got \"" + text + "\"");
    }

    /**
     * A number, or {@code auto}: half of the open files the process may have beyond {@value #RESERVED_FILES} kept
     * for the JVM, the store and refusing, at most {@value #MAX_AUTO_CONNECTIONS}.
     */
    private static RetrySchedule retrySchedule(String text) throws Setting.Broken {
        List<Duration> delays = new ArrayList<>();
        for (String delay : text.split(",")) {
            Matcher matcher = DELAY.matcher(delay.strip());
            if (!matcher.matches()) {
                throw new Setting.Broken("must be times such as 0s,5s,5m,2h, comma-separated, got \"" + text + "\"");
            }
            long amount = Long.parseLong(matcher.group(1));
            delays.add(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        if (delays.size() > MAX_ATTEMPTS || delays.getLast().toDays() > 7) {
            throw new Setting.Broken("must be at most " + MAX_ATTEMPTS + " times within 7 days, got \"" + text + "\"");
        }
        try {
            return new RetrySchedule(delays);
        } catch (IllegalArgumentException e) {
            throw new Setting.Broken("must be times that start at 0s and increase, such as 0s,5s,5m,2h, got \""
                    + text + "\"");
        }
    }

    private static int maxConnections(String text) throws Setting.Broken {
        if (text.strip().equalsIgnoreCase("auto")) {
            long openFiles = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                    ? unix.getMaxFileDescriptorCount() : 2L * MAX_AUTO_CONNECTIONS;
            return (int) Math.max(MIN_CONNECTIONS, Math.min(MAX_AUTO_CONNECTIONS, (openFiles - RESERVED_FILES) / 2));
        }
        try {
            int connections = Integer.parseInt(text.strip());
            if (connections >= MIN_CONNECTIONS && connections <= 1_000_000) {
                return connections;
            }
        } catch (NumberFormatException e) {
            // broken below
        }
        throw new Setting.Broken("must be auto or a whole number from " + MIN_CONNECTIONS + " to 1000000, got \""
                + text + "\"");
    }

    private static ClientIp.Header clientIpHeader(String text) throws Setting.Broken {
        for (ClientIp.Header header : ClientIp.Header.values()) {
            if (header.setting().equalsIgnoreCase(text.strip())) {
                return header;
            }
        }
        throw new Setting.Broken("must be none, x-forwarded-for or x-real-ip, got \"" + text + "\"");
    }

    private static List<AddressBlock> addressBlocks(String text) throws Setting.Broken {
        try {
            return Stream.of(text.split(",")).filter(block -> !block.isBlank()).map(AddressBlock::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new Setting.Broken("must be IP addresses or blocks such as 10.0.0.0/8, comma-separated: "
                    + e.getMessage());
        }
    }

    private static Optional<String> adminToken(String token) throws Setting.Broken {
        if (token == null) {
            return Optional.empty();
        }
        // The value is a secret: never repeat it in a message.
        if (token.length() < MIN_ADMIN_TOKEN || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new Setting.Broken("must be at least " + MIN_ADMIN_TOKEN
                    + " printable ASCII characters without spaces");
        }
        return Optional.of(token);
    }
}
