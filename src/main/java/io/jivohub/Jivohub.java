package io.jivohub;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.admin.AdminAccess;
import io.jivohub.admin.AdminToken;
import io.jivohub.admin.AgentAnswerManager;
import io.jivohub.admin.ConnectionManager;
import io.jivohub.admin.ConnectionsService;
import io.jivohub.admin.DestinationManager;
import io.jivohub.admin.ErasureService;
import io.jivohub.admin.GetKeyService;
import io.jivohub.admin.Refusal;
import io.jivohub.admin.TablesService;
import io.jivohub.answer.AgentAnswerer;
import io.jivohub.capture.DiscardingSink;
import io.jivohub.capture.WebhookService;
import io.jivohub.data.ColumnGathering;
import io.jivohub.data.DataService;
import io.jivohub.forward.AddressRule;
import io.jivohub.forward.Forwarder;
import io.jivohub.observe.HealthService;
import io.jivohub.observe.MetricsService;
import io.jivohub.observe.RequestMetrics;
import io.jivohub.store.EventSink;
import io.jivohub.store.Retention;
import io.jivohub.store.Store;
import io.jivohub.store.StoreUnavailableException;
import io.jivohub.tables.Projector;
import io.jivohub.ui.DashboardService;
import io.jivohub.ui.ErrorPages;
import io.jivohub.ui.SignIn;
import io.jivohub.web.BrowserErrors;
import io.jivohub.web.CanonicalPaths;
import io.jivohub.web.ConnectionGate;
import io.jivohub.web.Drain;
import io.jivohub.web.Endpoint;
import io.jivohub.web.GuessLimit;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;
import io.jivohub.web.SecurityHeaders;
import io.jivohub.web.TransportErrors;
import io.jivohub.web.UnreadBodies;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A running jivohub: the store and the HTTP server on top of it. {@link Main} starts one from the command line,
 * tests start their own.
 */
public final class Jivohub implements AutoCloseable {
    /** How long shutting down waits for requests in flight; a commit times out well before. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

    private final Config config;
    private final AdminToken adminToken;
    private final Store store;
    private final Projector projector;
    private final Drain drain = new Drain();
    private final ConnectionGate gate;
    private final WebServer server;
    private final Optional<Retention> retention;
    private final ColumnGathering columnGathering;
    private final Forwarder forwarder;

    private Jivohub(Config config, AdminToken adminToken, Store store, Projector projector, Forwarder forwarder,
                    PrometheusMeterRegistry registry) {
        this.config = config;
        this.adminToken = adminToken;
        this.store = store;
        this.projector = projector;
        this.forwarder = forwarder;
        Gauge.builder("jivohub.http.in.flight", drain, Drain::inFlight)
                .description("HTTP requests being handled")
                .register(registry);
        this.gate = new ConnectionGate(config.maxConnections(), config.idleTimeout());
        Gauge.builder("jivohub.http.connections", gate, ConnectionGate::open)
                .description("HTTP connections open")
                .register(registry);
        ErrorPages errorPages = new ErrorPages();
        this.server = WebServer.builder()
                .port(config.port())
                .shutdownHook(false)
                // The gate is the only way in: it bounds connections, Helidon's bound keeps room for refusing.
                .protocolsDiscoverServices(false)
                .addConnectionSelector(gate)
                .maxTcpConnections(gate.acceptBound())
                // An answer written in two pieces (headers, then a body past the first buffer) must not wait for
                // the client's delayed ACK of the first: 40 ms more per dashboard page on a kept-alive connection.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .directHandlers(handlers -> {
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        handlers.addHandler(type, new TransportErrors(errorPages));
                    }
                })
                // Before the drain, so that its refusals are safe and, on a dashboard page, a page.
                .routing(routing -> routing(routing.addFilter(new SecurityHeaders())
                                .addFilter(new BrowserErrors(errorPages)).addFilter(drain)
                                .addFilter(new UnreadBodies(config.maxBodyBytes())),
                        config, adminToken, store, projector, forwarder, registry, this::publicUrl))
                .build()
                .start();
        if (!server.isRunning()) {
            gate.close();
            throw new IllegalStateException("cannot listen on port " + config.port() + "; is it in use?");
        }
        this.retention = config.retentionDays() == 0 ? Optional.empty()
                : Optional.of(new Retention(store.deletions(), config.retentionDays(), Clock.systemUTC()));
        this.columnGathering = new ColumnGathering(store.events(), store.eventColumns());
    }

    /** Opens the store, migrating it when needed, finds or makes the admin token, and starts serving. */
    public static Jivohub start(Config config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Store store = Store.open(config.db(), config.maxBatch(), registry);
        Projector projector = null;
        Forwarder forwarder = null;
        try {
            AdminToken adminToken = AdminToken.of(config.adminToken(), Store.fileOf(config.db()));
            projector = new Projector(store.projection(), store.committed(), !config.benchNoTables(),
                    store.writer()::storingNanos, registry);
            forwarder = new Forwarder(store.destinations(), store.events(), store.committed(), config.forwardRetries(),
                    config.forwardTimeout(), new AddressRule(config.forwardAllowPrivate()), registry);
            return new Jivohub(config, adminToken, store, projector, forwarder, registry);
        } catch (RuntimeException e) {
            if (forwarder != null) {
                forwarder.close();
            }
            if (projector != null) {
                projector.close();
            }
            store.close();
            throw e;
        }
    }

    /** Every endpoint of jivohub, each registered under its path in the {@link Endpoint} layout. */
    static void routing(HttpRouting.Builder routing, Config config, AdminToken adminToken, Store store,
                        Projector projector, Forwarder forwarder, PrometheusMeterRegistry registry,
                        Supplier<String> publicUrl) {
        EventSink events = config.benchBaseline() ? new DiscardingSink() : store.writer();
        AdminAccess admin = new AdminAccess(adminToken);
        ConnectionManager manager = new ConnectionManager(store.connections(), store.events(), store.deletions(),
                store.tableRows());
        routing.addFilter(new RequestMetrics(registry));
        if (config.notFoundLimit() > 0) {
            routing.addFilter(new GuessLimit(config.notFoundLimit(), config.clientIp()));
        }
        routing.addFilter(new CanonicalPaths());
        Map<Endpoint, HttpService> services = new EnumMap<>(Endpoint.class);
        services.put(Endpoint.GET_KEY, new GetKeyService(manager, admin, publicUrl));
        AddressRule addresses = new AddressRule(config.forwardAllowPrivate());
        DestinationManager destinations = new DestinationManager(manager, store.destinations(), forwarder, addresses);
        AgentAnswerManager agentAnswers = new AgentAnswerManager(manager, store.agentAnswers(), addresses);
        services.put(Endpoint.ADMIN_CONNECTIONS, new ConnectionsService(manager, destinations, store.destinations(),
                agentAnswers, admin, publicUrl));
        services.put(Endpoint.ADMIN_ERASURE, new ErasureService(manager, admin));
        TablesService tables = new TablesService(projector, admin);
        services.put(Endpoint.ADMIN_TABLES, tables.status());
        services.put(Endpoint.ADMIN_REBUILD, tables.rebuild());
        SignIn signIn = new SignIn(admin, store.dashboardSessions(),
                config.publicUrl().map(url -> url.startsWith("https://")).orElse(false));
        services.put(Endpoint.DASHBOARD, new DashboardService(manager, destinations, store.destinations(),
                store.events(), store.eventHours(), store.tableRows(), projector, signIn, publicUrl));
        services.put(Endpoint.DATA, new DataService(store.connections(), store.events(), store.eventColumns(),
                store.tableRows(), projector, store.writer()::isBusy));
        services.put(Endpoint.WEBHOOK, new WebhookService(store.connections(), events,
                new AgentAnswerer(store.agentAnswers(), addresses, registry), config.maxBodyBytes(), registry));
        services.put(Endpoint.HEALTH, new HealthService(store));
        services.put(Endpoint.METRICS, new MetricsService(registry, store.connections()::reports));
        // EnumMap iterates in declaration order, most specific path first, which is the order routing must try them.
        services.forEach((endpoint, service) -> routing.register(endpoint.path(), service));
        routing.error(StoreUnavailableException.class, (req, res, e) ->
                        Routes.unavailable(req, res, "not stored, try again later: " + e.getMessage()))
                .error(Refusal.class, Jivohub::refused);
        Routes.errorsAndFallback(routing);
    }

    /** A management request the rules refused: 400, 404 or 409 with their reason. */
    private static void refused(ServerRequest req, ServerResponse res, Refusal refusal) {
        Responses.error(req, res, refusal.status(), refusal.getMessage());
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** What the console says of the admin token at start-up: where it is kept (and, the first time, what it is). */
    public Optional<String> adminTokenNotice() {
        return adminToken.notice(publicUrl());
    }

    /** The base of the URLs get_key generates. */
    public String publicUrl() {
        return config.publicUrl().orElseGet(() -> "http://localhost:" + port());
    }

    /**
     * Shuts down without losing an answer: turns new requests away (503), lets those in flight finish (each webhook
     * among them gets its commit and its 200), stops the server, commits what is still queued, closes the store.
     */
    @Override
    public void close() {
        drain.drain(DRAIN_TIMEOUT);
        server.stop();
        gate.close();
        retention.ifPresent(Retention::close);
        columnGathering.close();
        forwarder.close();
        projector.close();
        store.close();
    }
}
