package io.jivohub.bench;

import java.time.Duration;

/** Clients that each send their next request as soon as the last one is answered: how throughput is measured. */
sealed interface ClosedLoop permits Wrk, LoadGenerator {
    /**
     * wrk when it is installed: the Java generator needs far more CPU for the same load, CPU that the server
     * measured on the same cores then lacks.
     */
    static ClosedLoop available() {
        return Wrk.installed() ? new Wrk() : new LoadGenerator();
    }

    /** How the report names it. */
    String description();

    /** {@code connections} clients posting unique bodies to {@code url} for {@code duration}. */
    Load run(String url, int connections, Duration duration) throws Exception;
}
