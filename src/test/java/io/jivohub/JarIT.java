package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jivohub.support.Response;
import io.jivohub.support.Http;
import io.jivohub.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/jivohub.jar} exactly as a user runs it: one file, nothing else needed. */
class JarIT {
    private static final Path JAR = Path.of("target/jivohub.jar").toAbsolutePath();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    /** A started jar and every line it printed so far. */
    private record Run(Process process, List<String> lines) {
        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    private static Run run(Path workingDirectory, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("JIVOHUB_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new Run(process, lines);
    }

    private static int exitCode(Run run) throws InterruptedException {
        assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).as("the jar exits").isTrue();
        return run.process().exitValue();
    }

    @Test
    void startsWithNothingButTheJarAndServes(@TempDir Path workingDirectory) throws Exception {
        Run run = run(workingDirectory, Map.of(), "--port", "0");
        try {
            Matcher port = await().atMost(Duration.ofSeconds(60))
                    .until(() -> LISTENING.matcher(run.output()), Matcher::find);
            String base = "http://localhost:" + port.group(1);
            Response health = Http.get(base + "/health");
            Response getKey = Http.post(base + "/jivo/get_key", "{\"account_name\": \"Jar\", \"event_name\": \"all\"}");
            Response event = Http.post(getKey.json().get("url").asString(),
                    "{\"event_name\": \"offline_message\", \"message\": \"hello\"}");

            assertThat(health.status()).isEqualTo(200);
            assertThat(getKey.json().get("url").asString()).startsWith(base + "/jivo/all/");
            assertThat(event.status()).isEqualTo(200);
            assertThat(workingDirectory.resolve("data/jivohub.db")).as("the default store").exists();
            assertThat(run.output()).doesNotContainIgnoringCase("exception");
        } finally {
            run.process().destroy();
            run.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void startsOnPostgresqlKeepingThePasswordOutOfTheLog(@TempDir Path workingDirectory) throws Exception {
        String db = TestPostgres.newDatabase() + "&password=not-in-logs";
        Run run = run(workingDirectory, Map.of("JIVOHUB_DB", db), "--port", "0");
        try {
            Matcher port = await().atMost(Duration.ofSeconds(60))
                    .until(() -> LISTENING.matcher(run.output()), Matcher::find);

            assertThat(Http.get("http://localhost:" + port.group(1) + "/health").status()).isEqualTo(200);
            assertThat(run.output()).contains("jdbc:postgresql://").doesNotContain("not-in-logs");
            assertThat(workingDirectory.resolve("data")).doesNotExist();
        } finally {
            run.process().destroy();
            run.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void helpListsTheFlagsAndTheirEnvironmentTwins(@TempDir Path workingDirectory) throws Exception {
        Run run = run(workingDirectory, Map.of(), "--help");

        assertThat(exitCode(run)).isZero();
        assertThat(run.output()).contains("--port", "JIVOHUB_PORT", "--db", "JIVOHUB_DB", "--public-url",
                "JIVOHUB_PUBLIC_URL", "--admin-token", "JIVOHUB_ADMIN_TOKEN", "--max-body-bytes",
                "JIVOHUB_MAX_BODY_BYTES");
        assertThat(Files.exists(workingDirectory.resolve("data"))).as("help starts nothing").isFalse();
    }

    @Test
    void aBadValueStopsStartUpWithOneLineNamingTheFlag(@TempDir Path workingDirectory) throws Exception {
        Run flag = run(workingDirectory, Map.of(), "--port", "eighty");
        Run env = run(workingDirectory, Map.of("JIVOHUB_MAX_BODY_BYTES", "lots"));

        assertThat(exitCode(flag)).isEqualTo(2);
        assertThat(flag.lines()).singleElement().asString().contains("--port").contains("eighty");
        assertThat(exitCode(env)).isEqualTo(2);
        assertThat(env.lines()).singleElement().asString().contains("JIVOHUB_MAX_BODY_BYTES", "--max-body-bytes");
    }

    @Test
    void aPortInUseStopsStartUpWithOneLine(@TempDir Path workingDirectory) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Run run = run(workingDirectory, Map.of(), "--port", String.valueOf(taken.getLocalPort()));

            assertThat(exitCode(run)).isEqualTo(1);
            assertThat(run.lines()).last().asString().startsWith("jivohub: cannot start");
        }
    }
}
