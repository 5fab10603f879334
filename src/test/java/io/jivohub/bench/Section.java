package io.jivohub.bench;

/** One part of the benchmark and of its report; {@code --only} picks some by name. */
sealed interface Section permits StartupSection, ThroughputSection, LatencySection, ReadSection,
        DashboardSection, ForwardSection, AnswerSection {
    /** Its name for {@code --only}. */
    String name();

    /** Starts its servers one after the other, measures them, stops them, and adds its tables to {@code report}. */
    void run(Plan plan, WorkFolder work, Report report) throws Exception;
}
