package io.jivohub.bench;

import org.HdrHistogram.Histogram;

/**
 * One throughput or latency measurement.
 *
 * @param eventsPerSecond requests completed per second, failed ones included
 * @param failures        requests that got no 200: an error status, a timeout or a broken connection
 */
record Load(double eventsPerSecond, double p50Millis, double p99Millis, long failures) {
    /** From latencies in microseconds, recorded over {@code nanos}. */
    static Load of(Histogram micros, long nanos, long failures) {
        return new Load(micros.getTotalCount() / (nanos / 1e9), micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0, failures);
    }
}
