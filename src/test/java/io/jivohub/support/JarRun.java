package io.jivohub.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar target/jivohub.jar} as a child process, exactly as a user runs it, with everything it prints.
 * Closing it kills it if it still runs.
 *
 * <p>The line that announces the port is caught as it is printed, not polled for: the benchmark times start-up
 * with it, and a jar that exits without listening fails at once, with its output.
 */
public final class JarRun implements AutoCloseable {
    private static final Path JAR = Path.of("target/jivohub.jar").toAbsolutePath();
    private static final Path JAVA = Path.of(ProcessHandle.current().info().command().orElse("java"));
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<String> baseUrl = new CompletableFuture<>();

    private JarRun(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(this::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                baseUrl.completeExceptionally(new IllegalStateException("the jar exited before it listened"));
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
        return launch(launcher, java, List.of(), workingDirectory, env, args);
    }

    /** Starts the jar with {@code jvmOptions} (such as {@code -Xmx256m}) given to its JVM. */
    public static JarRun start(Path workingDirectory, Map<String, String> env, List<String> jvmOptions,
                               String... args) throws IOException {
        return launch(List.of(), JAVA, jvmOptions, workingDirectory, env, args);
    }

    private static JarRun launch(List<String> launcher, Path java, List<String> jvmOptions, Path workingDirectory,
                                 Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
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

    /** Waits until it listens, at most 60 s, and returns its base URL, {@code http://localhost:<port>}. */
    public String baseUrl() {
        try {
            return baseUrl.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the jar does not listen; it printed:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits for it to exit and returns its exit code. When it does not exit, the failure says what it printed and
     * what each of its threads was doing.
     */
    public int exitCode() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            String threads;
            try {
                Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true).start();
                threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                threads = "(jcmd could not say: " + e.getMessage() + ")";
            }
            throw new AssertionError("the jar did not exit within 60 s; it printed:\n" + output()
                    + "\nits threads:\n" + threads);
        }
        return process.exitValue();
    }

    /** SIGTERM, as a service manager stops it: waits for it to exit and returns its exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        return exitCode();
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Kills it if it still runs. It throws no {@link InterruptedException}, which javac warns about in a resource
     * ({@code -Xlint:try}): interrupted while it waits for the exit, it sets the thread's interrupt flag again.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void add(String line) {
        lines.add(line);
        Matcher listening = LISTENING.matcher(line);
        if (listening.find()) {
            baseUrl.complete("http://localhost:" + listening.group(1));
        }
    }
}
