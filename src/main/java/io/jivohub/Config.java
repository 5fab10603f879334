package io.jivohub;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.jivohub.store.Store;

/**
 * How a jivohub instance is set up. Every setting is a flag with an environment twin; a flag wins over its twin.
 *
 * @param port         the HTTP port; 0 picks a free one
 * @param db           the JDBC URL of the store
 * @param publicUrl    the base of generated URLs, no trailing slash; empty for {@code http://localhost:<port>}
 * @param adminToken   the token that allows managing connections remotely; empty to allow this machine only
 * @param maxBodyBytes the largest webhook body accepted
 * @param maxBatch     the most events one transaction commits
 * @param retentionDays events older than this many days are deleted; 0 keeps them forever
 * @param notFoundLimit the 404 answers one client may get a minute before it is slowed down; 0 for no limit
 * @param benchBaseline answer webhooks without storing them, as the benchmark's baseline
 */
public record Config(int port, String db, Optional<String> publicUrl, Optional<String> adminToken,
                     int maxBodyBytes, int maxBatch, int retentionDays, int notFoundLimit, boolean benchBaseline) {

    /** The settings, their flags, environment variables and defaults. */
    enum Option {
        PORT("--port", "JIVOHUB_PORT", "8080", "HTTP port (0 picks a free one)"),
        DB("--db", "JIVOHUB_DB", "jdbc:sqlite:data/jivohub.db",
                "the store: jdbc:sqlite:<file> (folder created) or jdbc:postgresql://<host>:<port>/<db>?user=…&password=…"),
        PUBLIC_URL("--public-url", "JIVOHUB_PUBLIC_URL", null,
                "base of generated URLs, as Jivo reaches this server (default http://localhost:<port>)"),
        ADMIN_TOKEN("--admin-token", "JIVOHUB_ADMIN_TOKEN", null,
                "token for managing connections remotely (Authorization: Bearer); without it only this machine may"),
        MAX_BODY_BYTES("--max-body-bytes", "JIVOHUB_MAX_BODY_BYTES", String.valueOf(8 * 1024 * 1024),
                "largest webhook body accepted, in bytes; larger ones get 413"),
        MAX_BATCH("--max-batch", "JIVOHUB_MAX_BATCH", "1000",
                "most events committed by one transaction; 1 commits each on its own (slow)"),
        RETENTION_DAYS("--retention-days", "JIVOHUB_RETENTION_DAYS", "0",
                "delete events older than this many days, in the background; 0 keeps them forever"),
        NOT_FOUND_LIMIT("--not-found-limit", "JIVOHUB_NOT_FOUND_LIMIT", "120",
                "404 answers one client may get a minute; past it, 429 until the allowance refills; 0 for no limit"),
        /** A switch, and deliberately without an environment twin: nobody should turn storage off by accident. */
        BENCH_BASELINE("--bench-baseline", null, null,
                "benchmarks only: answer webhooks WITHOUT STORING them, to measure what storing costs");

        final String flag;
        final String env;
        final String defaultValue;
        final String description;

        Option(String flag, String env, String defaultValue, String description) {
            this.flag = flag;
            this.env = env;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        /** A flag without a value: present or not. */
        boolean isSwitch() {
            return env == null;
        }
    }

    static final int MIN_ADMIN_TOKEN = 16;
    static final int MIN_BODY_BYTES = 1024;
    static final int MAX_BATCH = 10_000;
    static final int MAX_RETENTION_DAYS = 100 * 366;
    static final int MAX_NOT_FOUND_LIMIT = 1_000_000;

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
        String options = Stream.of(Option.values())
                .map(option -> String.format("  %-24s %-24s %s%s",
                        option.isSwitch() ? option.flag : option.flag + " <value>",
                        option.env == null ? "" : option.env,
                        option.description,
                        option.defaultValue == null ? "" : " (default " + option.defaultValue + ")"))
                .collect(Collectors.joining("\n"));
        return """
                jivohub: captures Jivo webhooks and serves them as tables.

                usage: java -jar jivohub.jar [options]

                  flag                     environment variable
                %s
                  --help                                            this text
                """.formatted(options);
    }

    /** Reads the settings from {@code args} (flags) and {@code env} (their twins). */
    public static Config parse(List<String> args, Map<String, String> env) throws Invalid {
        Map<Option, String> values = new EnumMap<>(Option.class);
        Map<Option, String> sources = new EnumMap<>(Option.class);
        for (Option option : Option.values()) {
            String value = option.isSwitch() ? null : env.get(option.env);
            if (value != null && !value.isEmpty()) {
                values.put(option, value);
                sources.put(option, option.env + " (" + option.flag + ")");
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            Option option = Stream.of(Option.values()).filter(o -> o.flag.equals(flag)).findFirst()
                    .orElseThrow(() -> new Invalid("unknown option " + flag + "; see --help"));
            String value;
            if (option.isSwitch()) {
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
            values.put(option, value);
            sources.put(option, option.flag);
        }
        Settings settings = new Settings(values, sources);
        return new Config(
                settings.integer(Option.PORT, 0, 65_535),
                settings.database(),
                settings.publicUrl(),
                settings.adminToken(),
                settings.integer(Option.MAX_BODY_BYTES, MIN_BODY_BYTES, Integer.MAX_VALUE - 8),
                settings.integer(Option.MAX_BATCH, 1, MAX_BATCH),
                settings.integer(Option.RETENTION_DAYS, 0, MAX_RETENTION_DAYS),
                settings.integer(Option.NOT_FOUND_LIMIT, 0, MAX_NOT_FOUND_LIMIT),
                values.containsKey(Option.BENCH_BASELINE));
    }

    /** Raw values and where each came from, turned into checked settings. */
    private record Settings(Map<Option, String> values, Map<Option, String> sources) {
        private String raw(Option option) {
            return values.getOrDefault(option, option.defaultValue);
        }

        private Invalid invalid(Option option, String rule) {
            return new Invalid(sources.getOrDefault(option, option.flag) + " " + rule);
        }

        int integer(Option option, int min, int max) throws Invalid {
            String value = raw(option);
            try {
                int number = Integer.parseInt(value.strip());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(option, "must be a whole number from " + min + " to " + max + ", got \"" + value + "\"");
        }

        String database() throws Invalid {
            String url = raw(Option.DB).strip();
            if (!Store.accepts(url)) {
                throw invalid(Option.DB, "must be jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>");
            }
            return url;
        }

        Optional<String> publicUrl() throws Invalid {
            String value = raw(Option.PUBLIC_URL);
            if (value == null) {
                return Optional.empty();
            }
            String url = value.strip();
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
                // reported below
            }
            throw invalid(Option.PUBLIC_URL,
                    "must be an http(s) URL without query, such as https://hooks.example.com, got \"" + value + "\"");
        }

        Optional<String> adminToken() throws Invalid {
            String token = raw(Option.ADMIN_TOKEN);
            if (token == null) {
                return Optional.empty();
            }
            // The value is a secret: never repeat it in a message.
            if (token.length() < MIN_ADMIN_TOKEN || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw invalid(Option.ADMIN_TOKEN, "must be at least " + MIN_ADMIN_TOKEN
                        + " printable ASCII characters without spaces");
            }
            return Optional.of(token);
        }
    }
}
