package io.jivohub.bench;

import java.io.IOException;
import java.util.List;

/**
 * jivohub's benchmark: one run, every figure side by side, printed as Markdown tables (bench/README.md).
 *
 * <p>{@code ./dev bench} runs it; {@code --quick} checks in a few minutes that it works, {@code --only
 * startup,throughput,latency,read,dashboard,forward} runs some sections. Each server is its own process from
 * {@code target/jivohub.jar}, driven with unique ~2 KB Jivo payloads and stopped before the next one starts. It
 * exits 1 when a target is missed.
 *
 * <p>It lives with the tests, not in them: it reuses their support (running the jar, HTTP, embedded PostgreSQL),
 * but takes minutes and judges figures of one machine, so no test runs it.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        Plan plan = Plan.of(arguments.contains("--quick"));
        ClosedLoop closedLoop = ClosedLoop.available();
        List<Section> sections = List.of(new StartupSection(), new ThroughputSection(closedLoop),
                new LatencySection(), new ReadSection(closedLoop), new DashboardSection(), new ForwardSection(),
                new AnswerSection(closedLoop));
        List<String> only = arguments.contains("--only")
                ? List.of(arguments.get(arguments.indexOf("--only") + 1).split(","))
                : sections.stream().map(Section::name).toList();

        WorkFolder work = WorkFolder.create();
        // On an error or Ctrl-C too: no server, wrk or PostgreSQL left running, no gigabytes left in /tmp.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ProcessHandle.current().descendants().forEach(child -> {
                child.destroyForcibly();
                child.onExit().join();
            });
            try {
                work.delete();
            } catch (IOException e) {
                System.err.println("could not delete " + work.path() + ": " + e.getMessage());
            }
        }));
        Report report = new Report();
        report.line("load generator: " + closedLoop.description());
        for (Section section : sections) {
            if (only.contains(section.name())) {
                section.run(plan, work, report);
            }
        }
        report.print();
        System.exit(report.missed() ? 1 : 0);
    }
}
