package io.jivohub;

import java.time.Duration;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import sun.misc.Signal;

/** {@code java -jar jivohub.jar [options]}: starts jivohub until it is stopped (Ctrl-C or SIGTERM). */
public final class Main {
    /** How long the shutdown after a lost listener may take before the process is stopped all the same. */
    private static final Duration LAST_WORDS = Duration.ofSeconds(20);
    /** Held here because java.util.logging keeps loggers only weakly, and with them their levels. */
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("com.zaxxer.hikari"), Logger.getLogger("org.flywaydb"), Logger.getLogger("io.helidon"));

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging();
        List<String> arguments = List.of(args);
        if (Config.wantsHelp(arguments)) {
            System.out.print(Config.help());
            return;
        }
        Config config;
        try {
            config = Config.parse(arguments, System.getenv());
        } catch (Config.Invalid e) {
            System.err.println("jivohub: " + e.getMessage());
            System.exit(2);
            return;
        }
        Jivohub jivohub;
        try {
            jivohub = Jivohub.start(config);
        } catch (RuntimeException e) {
            System.err.println("jivohub: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(jivohub::close, "jivohub-shutdown"));
        new ListenerWatch(jivohub.port(), ListenerWatch.PERIOD, Main::exitForTheSupervisor);
        // SIGTERM and Ctrl-C are the normal way to stop a service: exit 0 (after the hook above has drained
        // requests and committed the queue) rather than the JVM's 143 or 130.
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> System.exit(0));
        }
        Logger.getLogger(Main.class.getName()).info(() -> "jivohub is listening on port " + jivohub.port()
                + "; webhook URLs start with " + jivohub.publicUrl() + "; store " + config.dbForLog());
        // Printed, never logged: the console of the one who started it, once.
        jivohub.adminTokenNotice().ifPresent(System.out::println);
    }

    /** One line per record, repeated lines thinned out; the libraries' start-up chatter only when it is a warning. */
    private static void configureLogging() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
        LogRateLimit rateLimit = new LogRateLimit(System::nanoTime);
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFilter(rateLimit);
        }
    }

    /**
     * Exits 1 once the listener is gone, for a supervisor to start jivohub again. The shutdown still drains and
     * commits what it can, but a process without its port must not live on: should the shutdown not finish within
     * {@link #LAST_WORDS} (a store that cannot open a file once the process ran out of them), it is cut short.
     */
    private static void exitForTheSupervisor() {
        Thread.ofPlatform().daemon().name("jivohub-exit-deadline").start(() -> {
            try {
                Thread.sleep(LAST_WORDS);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(1);
        });
        System.exit(1);
    }
}
