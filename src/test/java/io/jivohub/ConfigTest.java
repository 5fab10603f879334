package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.jivohub.forward.RetrySchedule;
import io.jivohub.web.AddressBlock;
import io.jivohub.web.ClientIp;
import org.junit.jupiter.api.Test;

class ConfigTest {

    private static Config parse(List<String> args, Map<String, String> env) throws Config.Invalid {
        return Config.parse(args, env);
    }

    @Test
    void defaultsNeedNothing() throws Exception {
        Config config = parse(List.of(), Map.of());

        assertThat(config).isEqualTo(new Config(8080, "jdbc:sqlite:data/jivohub.db", Optional.empty(),
                Optional.empty(), 8 * 1024 * 1024, 1000, 0, 120, new ClientIp(ClientIp.Header.NONE,
                List.of(AddressBlock.parse("127.0.0.0/8"), AddressBlock.parse("::1"))), config.maxConnections(),
                Duration.ofSeconds(60), new RetrySchedule(Stream.of(0L, 5L, 300L, 1800L, 7200L, 18_000L, 36_000L,
                50_400L, 72_000L, 86_400L).map(Duration::ofSeconds).toList()), Duration.ofSeconds(15), false, false,
                false));
        long openFiles = ((com.sun.management.UnixOperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        assertThat(config.maxConnections()).as("auto: half the open files beyond 256, from 16 to 10,000")
                .isEqualTo((int) Math.max(16, Math.min(10_000, (openFiles - 256) / 2)));
    }

    @Test
    void everyFlagHasAnEnvironmentTwinAndTheFlagWins() throws Exception {
        Map<String, String> env = Map.ofEntries(
                Map.entry("JIVOHUB_PORT", "9000"),
                Map.entry("JIVOHUB_DB", "jdbc:sqlite:/tmp/env.db"),
                Map.entry("JIVOHUB_PUBLIC_URL", "https://env.example.com/"),
                Map.entry("JIVOHUB_ADMIN_TOKEN", "env-token-0123456789"),
                Map.entry("JIVOHUB_MAX_BODY_BYTES", "2048"),
                Map.entry("JIVOHUB_MAX_BATCH", "10"),
                Map.entry("JIVOHUB_RETENTION_DAYS", "30"),
                Map.entry("JIVOHUB_NOT_FOUND_LIMIT", "5"),
                Map.entry("JIVOHUB_CLIENT_IP_HEADER", "x-real-ip"),
                Map.entry("JIVOHUB_TRUSTED_PROXIES", "10.0.0.0/8"),
                Map.entry("JIVOHUB_MAX_CONNECTIONS", "500"),
                Map.entry("JIVOHUB_IDLE_TIMEOUT", "30"),
                Map.entry("JIVOHUB_FORWARD_RETRIES", "0s, 1m"),
                Map.entry("JIVOHUB_FORWARD_TIMEOUT", "3"));
        RetrySchedule envRetries = new RetrySchedule(List.of(Duration.ZERO, Duration.ofMinutes(1)));
        ClientIp fromEnv = new ClientIp(ClientIp.Header.X_REAL_IP, List.of(AddressBlock.parse("10.0.0.0/8")));
        ClientIp fromFlags = new ClientIp(ClientIp.Header.X_FORWARDED_FOR,
                List.of(AddressBlock.parse("192.168.0.0/16"), AddressBlock.parse("::1")));

        assertThat(parse(List.of(), env)).isEqualTo(new Config(9000, "jdbc:sqlite:/tmp/env.db",
                Optional.of("https://env.example.com"), Optional.of("env-token-0123456789"), 2048, 10, 30, 5, fromEnv,
                500, Duration.ofSeconds(30), envRetries, Duration.ofSeconds(3), false, false, false));
        assertThat(parse(List.of("--port", "9001", "--db=jdbc:sqlite:flag.db", "--public-url",
                "http://flag.example.com:81", "--admin-token", "flag-token-0123456789", "--max-body-bytes=4096",
                "--max-batch", "1", "--retention-days", "7", "--not-found-limit=0", "--client-ip-header",
                "x-forwarded-for", "--trusted-proxies", "192.168.0.0/16, ::1", "--max-connections", "40",
                "--idle-timeout=600", "--forward-retries", "0s,250ms,2h", "--forward-timeout", "60"), env))
                .isEqualTo(new Config(9001, "jdbc:sqlite:flag.db", Optional.of("http://flag.example.com:81"),
                        Optional.of("flag-token-0123456789"), 4096, 1, 7, 0, fromFlags, 40, Duration.ofSeconds(600),
                        new RetrySchedule(List.of(Duration.ZERO, Duration.ofMillis(250), Duration.ofHours(2))),
                        Duration.ofSeconds(60), false, false, false));
    }

    @Test
    void theBenchmarkBaselineIsASwitchWithoutAnEnvironmentTwin() throws Exception {
        assertThat(parse(List.of("--bench-baseline"), Map.of()).benchBaseline()).isTrue();
        assertThat(parse(List.of(), Map.of("JIVOHUB_BENCH_BASELINE", "true")).benchBaseline()).isFalse();
        assertInvalid(List.of("--bench-baseline=yes"), Map.of(), "--bench-baseline takes no value");
    }

    @Test
    void postgresqlSelectsTheProductionStoreAndItsPasswordStaysOutOfLogs() throws Exception {
        Map<String, String> token = Map.of("JIVOHUB_ADMIN_TOKEN", "postgres-token-0123456789");
        Config config = parse(List.of("--db", "jdbc:postgresql://db.internal:5432/jivohub?user=hub&password=pw"),
                token);
        Config userInfo = parse(List.of("--db", "jdbc:postgresql://hub:pw@db.internal/jivohub"), token);

        assertThat(config.db()).isEqualTo("jdbc:postgresql://db.internal:5432/jivohub?user=hub&password=pw");
        assertThat(config.dbForLog()).isEqualTo("jdbc:postgresql://db.internal:5432/jivohub");
        assertThat(userInfo.dbForLog()).isEqualTo("jdbc:postgresql://db.internal/jivohub");
    }

    /** Every instance on one PostgreSQL database must take the same token, and no file can keep a made one. */
    @Test
    void postgresqlNeedsAnAdminToken() {
        assertInvalid(List.of("--db", "jdbc:postgresql://db.internal/jivohub"), Map.of(),
                "--admin-token (JIVOHUB_ADMIN_TOKEN) is needed with PostgreSQL");
    }

    @Test
    void anEmptyEnvironmentVariableCountsAsUnset() throws Exception {
        assertThat(parse(List.of(), Map.of("JIVOHUB_PORT", "")).port()).isEqualTo(8080);
    }

    @Test
    void aBadValueIsOneLineNamingTheFlag() {
        assertInvalid(List.of("--port", "http"), Map.of(), "--port must be a whole number from 0 to 65535, got \"http\"");
        assertInvalid(List.of("--port", "70000"), Map.of(), "--port must be a whole number");
        assertInvalid(List.of(), Map.of("JIVOHUB_PORT", "-1"), "JIVOHUB_PORT (--port) must be a whole number");
        assertInvalid(List.of("--db", "jdbc:h2:mem:x"), Map.of(), "--db must be jdbc:sqlite:<file> or jdbc:postgresql:");
        assertInvalid(List.of("--public-url", "hooks.example.com"), Map.of(), "--public-url must be an http(s) URL");
        assertInvalid(List.of("--public-url", "https://x.example.com/?a=1"), Map.of(), "--public-url must be");
        assertInvalid(List.of("--max-body-bytes", "10"), Map.of(), "--max-body-bytes must be a whole number from 1024");
        assertInvalid(List.of("--max-batch", "0"), Map.of(), "--max-batch must be a whole number from 1 to 10000");
        assertInvalid(List.of("--admin-token", "short"), Map.of(), "--admin-token must be at least 16");
        assertInvalid(List.of("--prot", "1"), Map.of(), "unknown option --prot");
        assertInvalid(List.of("--client-ip-header", "forwarded"), Map.of(), "--client-ip-header must be none,");
        assertInvalid(List.of("--max-connections", "10"), Map.of(), "--max-connections must be auto or a whole number");
        assertInvalid(List.of("--trusted-proxies", "10.0.0.0/33"), Map.of(), "--trusted-proxies must be IP addresses");
        assertInvalid(List.of("--trusted-proxies", "proxy.example.com"), Map.of(), "--trusted-proxies must be IP");
        assertInvalid(List.of("--db", "jdbc:sqlite::memory:"), Map.of(), "--db the SQLite database must be a file");
        assertInvalid(List.of("--port"), Map.of(), "--port needs a value");
        assertInvalid(List.of("--forward-retries", "0s,5 minutes"), Map.of(), "--forward-retries must be times");
        assertInvalid(List.of("--forward-retries", "0s,8d"), Map.of(), "--forward-retries must be times");
        assertInvalid(List.of("--forward-retries", "0s,200h"), Map.of(), "--forward-retries must be at most 50 times"
                + " within 7 days");
        for (String unordered : List.of("5s,1m", "0s,5m,1m")) {
            assertInvalid(List.of("--forward-retries", unordered), Map.of(),
                    "--forward-retries must be times that start at 0s and increase");
        }
        assertInvalid(List.of("--forward-timeout", "0"), Map.of(), "--forward-timeout must be a whole number from 1");
    }

    @Test
    void aRejectedAdminTokenIsNeverRepeated() {
        assertThatThrownBy(() -> parse(List.of("--admin-token", "secret with space"), Map.of()))
                .isInstanceOf(Config.Invalid.class)
                .message().doesNotContain("secret");
    }

    @Test
    void helpListsEveryFlagWithItsTwin() {
        String help = Config.help();

        for (Setting<?> setting : Config.SETTINGS) {
            assertThat(help).contains(setting.flag());
            if (!setting.isSwitch()) {
                assertThat(help).contains(setting.env());
            }
        }
        assertThat(Config.wantsHelp(List.of("--port", "1", "--help"))).isTrue();
        assertThat(Config.wantsHelp(List.of("--port", "1"))).isFalse();
    }

    /** The README's table of settings is the declarations, row by row: flag, environment twin, default. */
    @Test
    void theReadmeTableListsEverySettingAsDeclared() throws Exception {
        List<List<String>> rows = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("| `--"))
                .map(line -> Stream.of(line.split("\\|")).skip(1).map(String::strip).toList())
                .toList();

        assertThat(rows).extracting(row -> row.get(0))
                .containsExactlyElementsOf(Config.SETTINGS.stream().map(s -> "`" + s.flag() + "`").toList());
        for (int i = 0; i < rows.size(); i++) {
            Setting<?> setting = Config.SETTINGS.get(i);
            List<String> row = rows.get(i);
            assertThat(row.get(1)).as(setting.flag()).isEqualTo(setting.isSwitch() ? "(none, on purpose)"
                    : "`" + setting.env() + "`");
            if (setting.defaultText() != null) {
                assertThat(row.get(2)).as(setting.flag()).startsWith("`" + setting.defaultText() + "`");
            }
        }
    }

    @Test
    void helpShowsEachSettingsRangeAndDefault() {
        assertThat(Config.help()).contains("--max-batch <value>", "JIVOHUB_MAX_BATCH", "(1 to 10000; default 1000)",
                "--public-url <value>", "--bench-baseline  ");
    }

    private static void assertInvalid(List<String> args, Map<String, String> env, String message) {
        assertThatThrownBy(() -> parse(args, env))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageStartingWith(message)
                .message().doesNotContain("\n");
    }
}
