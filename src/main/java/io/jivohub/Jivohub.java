package io.jivohub;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.jivohub.admin.GetKeyService;
import io.jivohub.capture.WebhookService;
import io.jivohub.data.DataService;
import io.jivohub.observe.HealthService;
import io.jivohub.observe.MetricsService;
import io.jivohub.observe.RequestMetrics;
import io.jivohub.store.EventSink;
import io.jivohub.store.Store;
import io.jivohub.store.StoredEvent;
import io.jivohub.web.Routes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A running jivohub: the store and the HTTP server on top of it. {@link Main} starts one from the command line,
 * tests start their own.
 */
public final class Jivohub implements AutoCloseable {
    private final Config config;
    private final Store store;
    private final WebServer server;

    private Jivohub(Config config, Store store, PrometheusMeterRegistry registry) {
        this.config = config;
        this.store = store;
        this.server = WebServer.builder()
                .port(config.port())
                .shutdownHook(false)
                .routing(routing -> routing(routing, config, store, registry, this::publicUrl))
                .build()
                .start();
        if (!server.isRunning()) {
            throw new IllegalStateException("cannot listen on port " + config.port() + "; is it in use?");
        }
    }

    /** Opens the store, migrating it when needed, and starts serving. */
    public static Jivohub start(Config config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Store store = Store.open(config.db(), config.maxBatch(), registry);
        try {
            return new Jivohub(config, store, registry);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Every endpoint of jivohub. */
    static void routing(HttpRouting.Builder routing, Config config, Store store, PrometheusMeterRegistry registry,
                        Supplier<String> publicUrl) {
        EventSink events = config.benchBaseline() ? discardingSink() : store.writer();
        routing.addFilter(new RequestMetrics(registry))
                .register("/jivo/get_key", new GetKeyService(store.connections(), config.adminToken(), publicUrl))
                .register("/jivo/data", new DataService(store.connections(), store.events(), store.writer()::isBusy))
                .register("/jivo", new WebhookService(store.connections(), events, config.maxBodyBytes(), registry))
                .register("/health", new HealthService(store))
                .register("/metrics", new MetricsService(registry));
        Routes.errorsAndFallback(routing);
    }

    /**
     * The benchmark's baseline: everything a webhook request does, except storing. Ids still grow, so answers look
     * the same; nothing is kept.
     */
    private static EventSink discardingSink() {
        System.getLogger(Jivohub.class.getName()).log(System.Logger.Level.WARNING,
                "--bench-baseline: webhooks are answered WITHOUT STORING them; for benchmarks only");
        AtomicLong ids = new AtomicLong();
        return event -> new StoredEvent(ids.incrementAndGet(), System.currentTimeMillis(), false);
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** The base of the URLs get_key generates. */
    public String publicUrl() {
        return config.publicUrl().orElseGet(() -> "http://localhost:" + port());
    }

    /** Stops taking requests, lets those in flight finish, commits what is queued, then closes the store. */
    @Override
    public void close() {
        server.stop();
        store.close();
    }
}
