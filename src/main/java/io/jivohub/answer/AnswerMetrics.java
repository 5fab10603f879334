package io.jivohub.answer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Responders in {@code /metrics}: {@code jivohub_agent_answer_responder_asks_total} by outcome ({@code answered},
 * {@code timeout}, {@code failed}, {@code invalid}) and {@code jivohub_agent_answer_responder_ask_seconds}, how long
 * each ask took, whatever its outcome. Thread-safe.
 */
final class AnswerMetrics {
    private final Map<Responder.Outcome, Counter> outcomes = new EnumMap<>(Responder.Outcome.class);
    private final Timer latency;

    AnswerMetrics(MeterRegistry registry) {
        for (Responder.Outcome outcome : Responder.Outcome.values()) {
            outcomes.put(outcome, Counter.builder("jivohub.agent.answer.responder.asks")
                    .description("Asks of a connection's responder for the agent's answer, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        latency = Timer.builder("jivohub.agent.answer.responder.ask")
                .description("How long asking a responder took, whatever the outcome")
                .register(registry);
    }

    void record(Responder.Outcome outcome, Duration took) {
        outcomes.get(outcome).increment();
        latency.record(took);
    }
}
