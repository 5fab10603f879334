package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.jivohub.support.Http;
import io.jivohub.support.JarRun;
import io.jivohub.support.Response;
import io.jivohub.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/jivohub.jar} exactly as a user runs it: one file, nothing else needed. */
class JarIT {
    @Test
    void startsWithNothingButTheJarAndServes(@TempDir Path workingDirectory) throws Exception {
        try (JarRun run = JarRun.start(workingDirectory, Map.of(), "--port", "0")) {
            String base = run.baseUrl();
            String token = madeToken(workingDirectory);
            Response health = Http.get(base + "/health");
            Response getKey = Http.post(base + "/jivo/get_key", "{\"account_name\": \"Jar\", \"event_name\": \"all\"}",
                    "Authorization", "Bearer " + token);
            Response event = Http.post(getKey.json().get("url").asString(),
                    "{\"event_name\": \"offline_message\", \"message\": \"hello\"}");

            assertThat(health.status()).isEqualTo(200);
            assertThat(getKey.json().get("url").asString()).startsWith(base + "/jivo/all/");
            assertThat(event.status()).isEqualTo(200);
            assertThat(workingDirectory.resolve("data/jivohub.db")).as("the default store").exists();
            assertThat(run.output()).doesNotContainIgnoringCase("exception");
        }
    }

    /**
     * Without --admin-token, the first start makes one, keeps it beside the database for its owner only and shows
     * it once, with how to sign in; later starts show only where it is. It is required like a configured one.
     */
    @Test
    void withoutATokenTheFirstStartMakesOneAndShowsItOnce(@TempDir Path workingDirectory) throws Exception {
        String token;
        try (JarRun first = JarRun.start(workingDirectory, Map.of(), "--port", "0")) {
            String base = first.baseUrl();
            token = madeToken(workingDirectory);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.output().contains(token));

            assertThat(first.output()).contains("data/admin-token", "sign in at " + base + "/jivo/admin");
            assertThat(token).matches("[0-9a-f]{64}");
            assertThat(Files.getPosixFilePermissions(workingDirectory.resolve("data/admin-token")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Http.get(base + "/jivo/admin/connections").status()).as("no token").isEqualTo(401);
            assertThat(Http.get(base + "/jivo/admin/connections", "Authorization", "Bearer " + token).status())
                    .isEqualTo(200);
        }
        try (JarRun again = JarRun.start(workingDirectory, Map.of(), "--port", "0")) {
            String base = again.baseUrl();
            await().atMost(Duration.ofSeconds(10)).until(() -> again.output().contains("admin-token"));

            assertThat(again.output()).contains("data/admin-token").doesNotContain(token);
            assertThat(Http.get(base + "/jivo/admin/connections", "Authorization", "Bearer " + token).status())
                    .as("the token kept works after a restart").isEqualTo(200);
        }
    }

    /** The token jivohub made and keeps in {@code data/admin-token}, once the file is there. */
    private static String madeToken(Path workingDirectory) {
        Path file = workingDirectory.resolve("data/admin-token");
        return await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) ? Files.readString(file).strip()
                : "", token -> !token.isEmpty());
    }

    @Test
    void startsOnPostgresqlKeepingThePasswordOutOfTheLog(@TempDir Path workingDirectory) throws Exception {
        String db = TestPostgres.newDatabase() + "&password=not-in-logs";
        try (JarRun run = JarRun.start(workingDirectory, Map.of("JIVOHUB_DB", db,
                "JIVOHUB_ADMIN_TOKEN", "jar-postgres-admin-token"), "--port", "0")) {
            assertThat(Http.get(run.baseUrl() + "/health").status()).isEqualTo(200);
            assertThat(run.output()).contains("jdbc:postgresql://").doesNotContain("not-in-logs");
            assertThat(workingDirectory.resolve("data")).doesNotExist();
        }
    }

    @Test
    void helpListsTheFlagsAndTheirEnvironmentTwins(@TempDir Path workingDirectory) throws Exception {
        JarRun run = JarRun.start(workingDirectory, Map.of(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).contains("--port", "JIVOHUB_PORT", "--db", "JIVOHUB_DB", "--public-url",
                "JIVOHUB_PUBLIC_URL", "--admin-token", "JIVOHUB_ADMIN_TOKEN", "--max-body-bytes",
                "JIVOHUB_MAX_BODY_BYTES");
        assertThat(Files.exists(workingDirectory.resolve("data"))).as("help starts nothing").isFalse();
    }

    @Test
    void aBadValueStopsStartUpWithOneLineNamingTheFlag(@TempDir Path workingDirectory) throws Exception {
        JarRun flag = JarRun.start(workingDirectory, Map.of(), "--port", "eighty");
        JarRun env = JarRun.start(workingDirectory, Map.of("JIVOHUB_MAX_BODY_BYTES", "lots"));

        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.lines()).singleElement().asString().contains("--port").contains("eighty");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.lines()).singleElement().asString().contains("JIVOHUB_MAX_BODY_BYTES", "--max-body-bytes");
    }

    /** The default java on many machines is 17; jivohub needs 21 and must say so plainly. */
    @Test
    void anOlderJavaIsToldInOneLineWhatIsNeeded(@TempDir Path workingDirectory) throws Exception {
        Path java17 = Stream.of("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64",
                        "/usr/lib/jvm/temurin-17-jdk-amd64").map(home -> Path.of(home, "bin", "java"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(java17 != null, "a Java 17 is installed (the default java of these machines)");

        JarRun run = JarRun.start(List.of(), java17, workingDirectory, Map.of(), "--port", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString().startsWith("jivohub: needs Java 21 or newer")
                .contains("this is Java 17");
    }

    @Test
    void aPortInUseStopsStartUpWithOneLine(@TempDir Path workingDirectory) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            JarRun run = JarRun.start(workingDirectory, Map.of(), "--port", String.valueOf(taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.lines()).last().asString().startsWith("jivohub: cannot start");
        }
    }
}
