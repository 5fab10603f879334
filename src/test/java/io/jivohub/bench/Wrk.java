package io.jivohub.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk with a Lua script that makes every body unique, so that no request takes the retry shortcut. The script's
 * {@code done} prints one summary line, which is all that is read of wrk's output.
 */
final class Wrk implements ClosedLoop {
    private static final Path BINARY = Path.of("/usr/bin/wrk");
    private static final Pattern SUMMARY = Pattern.compile(
            "BENCH requests=(\\d+) duration_us=(\\d+) p50_us=(\\d+) p99_us=(\\d+) failures=(\\d+)");

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    @Override
    public String description() {
        return "wrk";
    }

    @Override
    public Load run(String url, int connections, Duration duration) throws Exception {
        Path script = Files.createTempFile("jivohub-bench", ".lua");
        String output;
        try {
            Files.writeString(script, script(ThreadLocalRandom.current().nextInt(1, 1_000_000)));
            Process wrk = new ProcessBuilder(BINARY.toString(), "-t", String.valueOf(Math.min(2, connections)),
                    "-c", String.valueOf(connections),
                    "-d", duration.toSeconds() + "s", "--timeout", "10s", "-s", script.toString(), url)
                    .redirectErrorStream(true).start();
            output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wrk.waitFor();
        } finally {
            Files.delete(script);
        }
        Matcher summary = SUMMARY.matcher(output);
        if (!summary.find()) {
            throw new IllegalStateException("wrk said:\n" + output);
        }
        long requests = Long.parseLong(summary.group(1));
        return new Load(requests / (Long.parseLong(summary.group(2)) / 1e6),
                Long.parseLong(summary.group(3)) / 1000.0, Long.parseLong(summary.group(4)) / 1000.0,
                Long.parseLong(summary.group(5)));
    }

    /** Each wrk thread posts as client {@code run * 100 + thread}, numbering its requests from 1. */
    private static String script(int run) {
        String template = Payload.TEMPLATE.replace("%", "%%").replace("{client}", "%d").replace("{n}", "%d");
        return """
                local threads = 0
                function setup(thread)
                  threads = threads + 1
                  thread:set("client", %d * 100 + threads)
                end
                local n = 0
                local template = [==[%s]==]
                request = function()
                  n = n + 1
                  return wrk.format("POST", nil, nil, string.format(template, client, n, client, n))
                end
                function done(summary, latency, requests)
                  local failures = summary.errors.connect + summary.errors.read + summary.errors.write
                    + summary.errors.status + summary.errors.timeout
                  io.write(string.format("BENCH requests=%%d duration_us=%%d p50_us=%%d p99_us=%%d failures=%%d\\n",
                    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), failures))
                end
                """.formatted(run, template);
    }
}
