package io.jivohub.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar target/jivohub.jar} as a child process, exactly as a user runs it, with everything it prints.
 * Closing it kills it if it still runs.
 */
public final class JarRun implements AutoCloseable {
    private static final Path JAR = Path.of("target/jivohub.jar").toAbsolutePath();
    private static final Path JAVA = Path.of(ProcessHandle.current().info().command().orElse("java"));
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    private JarRun(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Starts the jar in {@code workingDirectory} with only {@code env} of the JIVOHUB_ variables. */
    public static JarRun start(Path workingDirectory, Map<String, String> env, String... args) throws IOException {
        return start(List.of(), JAVA, workingDirectory, env, args);
    }

    /** Starts the jar through {@code launcher}, a command that runs its arguments (such as {@code unshare}). */
    public static JarRun start(List<String> launcher, Path workingDirectory, Map<String, String> env,
                               String... args) throws IOException {
        return start(launcher, JAVA, workingDirectory, env, args);
    }

    /** Starts the jar with the {@code java} binary given, through {@code launcher}. */
    public static JarRun start(List<String> launcher, Path java, Path workingDirectory, Map<String, String> env,
                               String... args) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(java.toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("JIVOHUB_"));
        builder.environment().putAll(env);
        return new JarRun(builder.start());
    }

    public Process process() {
        return process;
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public String output() {
        return String.join("\n", lines());
    }

    /** Waits until it listens and returns its base URL, {@code http://localhost:<port>}. */
    public String baseUrl() {
        Matcher port = await().atMost(Duration.ofSeconds(60)).until(() -> LISTENING.matcher(output()), Matcher::find);
        return "http://localhost:" + port.group(1);
    }

    /** Waits for it to exit and returns its exit code. */
    public int exitCode() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar exits").isTrue();
        return process.exitValue();
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
