package io.jivohub.bench;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.jivohub.json.Json;
import io.jivohub.support.Http;
import io.jivohub.support.Response;
import io.jivohub.support.TestHub;

/**
 * What a responder answering in {@link #RESPONDER_DELAY} adds to the latency Jivo sees for a {@code chat_accepted}:
 * one server (SQLite), two connections, one without an agent answer and one whose answer asks a responder in the
 * benchmark's process (a {@link BareReceiver}), both posted to at the same time, each by {@link #CONNECTIONS}
 * connections that post as soon as they are answered: the server's load and its stalls fall on both alike, and the
 * difference is the responder's. (Measured instead by open loops at 200 events/s each, on two cores shared with the
 * load generators, the tails were the machine's stalls, and their difference moved by tens of milliseconds from run
 * to run.) The server's own count of answered asks shows that the answers did come back in time: a responder that
 * failed fast would add nothing and prove nothing.
 */
final class AnswerSection implements Section {
    /** Two chats accepted at a time, each as soon as the one before was answered. */
    private static final int CONNECTIONS = 2;
    private static final Duration RESPONDER_DELAY = Duration.ofMillis(10);
    private static final String ANSWERED = "jivohub_agent_answer_responder_asks_total{outcome=\"answered\"} ";
    private static final String ASK_SECONDS = "jivohub_agent_answer_responder_ask_seconds_sum ";
    private static final byte[] ANSWER = """
            {"crm_link": "https://crm.example/clients/1", "custom_data": [{"title": "Orders", "content": "3"}]}\
            """.getBytes(StandardCharsets.UTF_8);

    private final ClosedLoop closedLoop;

    AnswerSection(ClosedLoop closedLoop) {
        this.closedLoop = closedLoop;
    }

    @Override
    public String name() {
        return "answer";
    }

    @Override
    public void run(Plan plan, WorkFolder work, Report report) throws Exception {
        List<String> flags = List.of("--forward-allow-private");
        try (BareReceiver responder = BareReceiver.start(RESPONDER_DELAY, ANSWER);
             BenchServer server = BenchServer.start(work, work.sqlite("answer"), flags)) {
            String plain = server.webhookUrl("plain");
            String answered = server.webhookUrl("answered");
            Response put = Http.send(server.url("/jivo/admin/connections/2/agent_answer"), "PUT",
                    BodyPublishers.ofString(Json.MAPPER.writeValueAsString(Map.of(
                            "responder_url", responder.url("/answer")))),
                    "Authorization", "Bearer " + TestHub.TOKEN, "Content-Type", "application/json");
            if (put.status() != 200) {
                throw new IllegalStateException("the agent answer was refused: " + put.text());
            }
            both(plain, answered, plan.warmup().multipliedBy(2));
            double answeredBefore = Http.metric(server.url("/metrics"), ANSWERED);
            double askSecondsBefore = Http.metric(server.url("/metrics"), ASK_SECONDS);
            List<Load> loads = both(plain, answered, plan.measure());
            Load without = loads.getFirst();
            Load with = loads.getLast();
            double answeredDuring = Http.metric(server.url("/metrics"), ANSWERED) - answeredBefore;
            double askMillis = (Http.metric(server.url("/metrics"), ASK_SECONDS) - askSecondsBefore) * 1000
                    / answeredDuring;
            long posted = Math.round(with.eventsPerSecond() * plan.measure().toMillis() / 1000.0);
            double added = with.p99Millis() - without.p99Millis();
            report.section("A chat_accepted whose agent answer asks a responder answering in 10 ms (" + CONNECTIONS
                    + " connections to each, at the same time, each posting when answered)");
            report.row("| connection | events/s | p50 ms | p99 ms | failures |", "|---|---|---|---|---|");
            report.row(String.format(Locale.ROOT, "| without an agent answer | %,.0f | %.2f | %.2f | %d |",
                    without.eventsPerSecond(), without.p50Millis(), without.p99Millis(), without.failures()));
            report.row(String.format(Locale.ROOT, "| with the responder | %,.0f | %.2f | %.2f | %d |",
                    with.eventsPerSecond(), with.p50Millis(), with.p99Millis(), with.failures()));
            report.line("");
            report.line(String.format(Locale.ROOT, "An ask took %.2f ms on average by the server's own"
                    + " `jivohub_agent_answer_responder_ask_seconds`.", askMillis));
            report.line("");
            report.targets();
            report.check(String.format(Locale.ROOT, "| asks the responder answered in time | %,.0f of about %,d |"
                    + " all |", answeredDuring, posted), answeredDuring >= posted * 0.99 && with.failures() == 0);
            report.check(String.format(Locale.ROOT, "| added to Jivo's p99 by the responder | %+.2f ms | ≤ +15 ms |",
                    added), added <= 15 && with.failures() == 0 && without.failures() == 0);
        }
    }

    /** Posts to both URLs at the same time for {@code duration}; their loads in that order. */
    private List<Load> both(String first, String second, Duration duration) throws Exception {
        CompletableFuture<Load> other = CompletableFuture.supplyAsync(() -> {
            try {
                return closedLoop.run(second, CONNECTIONS, duration);
            } catch (Exception e) {
                throw new IllegalStateException("the load on " + second + " failed", e);
            }
        });
        return List.of(closedLoop.run(first, CONNECTIONS, duration), other.join());
    }
}
