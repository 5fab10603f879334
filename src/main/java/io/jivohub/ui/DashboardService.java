package io.jivohub.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.admin.AccountName;
import io.jivohub.admin.ConnectionManager;
import io.jivohub.admin.ConnectionView;
import io.jivohub.admin.DestinationManager;
import io.jivohub.admin.Refusal;
import io.jivohub.admin.Visitor;
import io.jivohub.json.Json;
import io.jivohub.store.Connection;
import io.jivohub.store.ConnectionReport;
import io.jivohub.store.Destination;
import io.jivohub.store.Destinations;
import io.jivohub.store.EventHours;
import io.jivohub.store.EventPage;
import io.jivohub.store.EventRecord;
import io.jivohub.store.EventTypes;
import io.jivohub.store.Events;
import io.jivohub.store.Projection;
import io.jivohub.store.Received;
import io.jivohub.store.StoreUnavailableException;
import io.jivohub.store.TableRows;
import io.jivohub.tables.Projector;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;

/**
 * The dashboard at {@code /jivo/admin}, in a browser: sign in with the admin token, see the connections and whether
 * events arrive, make one, look at one (its URLs with the Jivo steps, its newest events), and rotate, revoke or
 * delete it, each confirmed on a page that says what it does. The rules are {@link ConnectionManager}'s, the same
 * the JSON API follows.
 *
 * <p>Pages come from precompiled jte templates ({@code src/main/jte}) that escape everything they show, so a name
 * or an event a visitor typed is text, never markup. The Content-Security-Policy lets a page load only the
 * dashboard's own style sheet and script (no inline script, no other site), and post forms only here. Every form
 * carries a token ({@link SignIn}); every problem is an HTML page with its status, never JSON.
 *
 * <p>The language is the reader's choice ({@code ?lang=ru|en}, remembered in a cookie), else the browser's; so is
 * the time zone ({@code ?tz=}), else Moscow for Russian and UTC for English.
 */
public final class DashboardService implements HttpService {
    private static final String HOME = "/jivo/admin";
    private static final Duration REMEMBERED = Duration.ofDays(365);
    private static final int LATEST_EVENTS = 20;
    private static final int SPARK_DAYS = 7;
    private static final int CHART_DAYS = 30;
    private static final List<String> ACTIONS = List.of("rotate", "rotate-data", "revoke", "delete");
    private static final List<String> DESTINATION_ACTIONS = List.of("pause", "resume", "rotate-secret", "delete",
            "send-failed", "send-again");
    private static final int FAILED_SHOWN = 50;
    /** The download formats offered, and the data URL's parameters for each. */
    private static final Map<String, String> DOWNLOAD_FORMATS = Map.of("xlsx", "&format=xlsx", "csv", "&format=csv",
            "csv-semicolon", "&format=csv&sep=semicolon", "ndjson", "&format=ndjson");
    private static final Map<String, String> ASSETS = Map.of("app.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8");

    private final ConnectionManager manager;
    private final DestinationManager forwarding;
    private final Destinations destinations;
    private final Events events;
    private final EventHours eventHours;
    private final TableRows tableRows;
    private final Projector projector;
    private final SignIn signIn;
    private final ConnectionView view;
    private final Map<String, byte[]> assets;
    private final TestEvents testEvents = new TestEvents();

    /**
     * @param eventHours how many events each connection stored per hour, for the charts
     * @param tableRows  the Jivo tables' rows, of which a connection's page shows the newest
     * @param projector what builds them, asked whether they are ready
     * @param forwarding the rules of forwarding, whose destinations a connection's page shows and manages
     */
    public DashboardService(ConnectionManager manager, DestinationManager forwarding, Destinations destinations,
                            Events events, EventHours eventHours, TableRows tableRows, Projector projector,
                            SignIn signIn, Supplier<String> publicUrl) {
        this.manager = manager;
        this.forwarding = forwarding;
        this.destinations = destinations;
        this.events = events;
        this.eventHours = eventHours;
        this.tableRows = tableRows;
        this.projector = projector;
        this.signIn = signIn;
        this.view = new ConnectionView(publicUrl);
        this.assets = Map.of("app.css", asset("app.css"), "app.js", asset("app.js"));
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.get(rules, "/", page(this::list));
        Routes.get(rules, "/sign-in", page(this::signInForm));
        rules.post("/sign-in", page(this::signInPosted));
        rules.post("/sign-out", page(this::signOut));
        rules.post("/new", page(this::create));
        Routes.get(rules, "/connection/{id}", page(this::connection));
        Routes.get(rules, "/connection/{id}/event/{event}", page(this::event));
        Routes.get(rules, "/connection/{id}/confirm/{action}", page(this::confirm));
        Routes.get(rules, "/connection/{id}/download", page(this::download));
        rules.post("/connection/{id}/test", page(this::sendTestEvent));
        Routes.get(rules, "/erase", page(this::confirmErasure));
        rules.post("/erase", page(this::erase));
        rules.post("/connection/{id}/silence", page(this::setSilence));
        rules.post("/connection/{id}/destinations", page(this::addDestination));
        Routes.get(rules, "/connection/{id}/destination/{did}", page(this::destination));
        rules.post("/connection/{id}/destination/{did}/{action}", page(this::actOnDestination));
        rules.post("/connection/{id}/{action}", page(this::act));
        Routes.get(rules, "/assets/{file}", this::asset);
        rules.any(page((req, res) -> {
            throw new HttpProblem(Status.NOT_FOUND_404, pageOf(req, null).t("error.notFound"));
        }));
    }

    /** Work a page does: it may throw what {@link #page} turns into an error page. */
    @FunctionalInterface
    private interface PageWork {
        void handle(ServerRequest req, ServerResponse res);
    }

    /**
     * {@code work}, with the reader's choice of language or zone remembered first, and every problem answered as
     * an HTML page with its status.
     */
    private Handler page(PageWork work) {
        return (req, res) -> {
            try {
                if (remembersChoice(req, res)) {
                    return;
                }
                work.handle(req, res);
            } catch (HttpProblem e) {
                e.headers().forEach(res::header);
                error(req, res, e.status(), e.getMessage());
            } catch (Refusal e) {
                error(req, res, e.status(), e.getMessage());
            } catch (StoreUnavailableException e) {
                res.header(HeaderNames.RETRY_AFTER, "5");
                error(req, res, Status.SERVICE_UNAVAILABLE_503, pageOf(req, null).t("error.store"));
            }
        };
    }

    /** A GET with {@code lang} or {@code tz}: remembers it in a cookie and sends the reader back without it. */
    private boolean remembersChoice(ServerRequest req, ServerResponse res) {
        Optional<String> lang = req.query().first("lang").asOptional().filter(Messages.LANGUAGES::contains);
        Optional<String> zone = req.query().first("tz").asOptional().filter(Page::isZone);
        if (lang.isEmpty() && zone.isEmpty()) {
            return false;
        }
        lang.ifPresent(value -> res.headers().addCookie(choice(Page.LANGUAGE_COOKIE, value)));
        zone.ifPresent(value -> res.headers().addCookie(choice(Page.ZONE_COOKIE, value)));
        redirect(res, req.path().absolute().path());
        return true;
    }

    private static SetCookie choice(String name, String value) {
        return SetCookie.builder(name, value).path(HOME).maxAge(REMEMBERED).sameSite(SetCookie.SameSite.STRICT)
                .httpOnly(true).build();
    }

    /** The page model for {@code req}: its language and zone, and {@code session}. */
    private static Page pageOf(ServerRequest req, SignIn.Session session) {
        return Page.of(req.headers(), session);
    }

    /** The signed-in session; without one, the reader is sent to sign in and this is empty. */
    private Optional<SignIn.Session> session(ServerRequest req, ServerResponse res) {
        Optional<SignIn.Session> session = signIn.session(req);
        if (session.isEmpty()) {
            redirect(res, HOME + "/sign-in");
        }
        return session;
    }

    /** The signed-in session of a posted {@code form}, its token checked; empty as for {@link #session}. */
    private Optional<SignIn.Session> session(ServerRequest req, ServerResponse res, Form form) {
        Optional<SignIn.Session> session = session(req, res);
        if (session.isPresent() && !SignIn.isSessionForm(session.get(), form.get("form_token"))) {
            throw formRefused(req);
        }
        return session;
    }

    /** Events per day of the last {@code days} days in the reader's zone, each bar titled in their language. */
    private static Chart chart(List<EventHours.Count> counts, Page page, int days, int barWidth, int height) {
        return Chart.of(counts, page.zone(), days, barWidth, height, (day, type, events) ->
                page.t("chart.bar", day, type, events));
    }

    /** A form this dashboard did not send (another site's, or one from before signing in again): 403. */
    private static HttpProblem formRefused(ServerRequest req) {
        return new HttpProblem(Status.FORBIDDEN_403, pageOf(req, null).t("error.form"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        session(req, res).ifPresent(session -> showList(req, res, pageOf(req, session), Status.OK_200, null, null));
    }

    private void showList(ServerRequest req, ServerResponse res, Page page, Status status, String error,
                          String accountName) {
        long now = System.currentTimeMillis();
        Map<Long, List<EventHours.Count>> counts = eventHours.since(now - Duration.ofDays(SPARK_DAYS + 1).toMillis())
                .stream().collect(Collectors.groupingBy(EventHours.Count::connectionId));
        List<Listed> connections = manager.reports().stream().map(report -> Listed.of(report, now,
                chart(counts.getOrDefault(report.connection().id(), List.of()), page, SPARK_DAYS, 6, 24))).toList();
        List<String> types = Stream.concat(Stream.of(Connection.ALL_EVENTS), EventTypes.JIVO.stream()).toList();
        render(req, res, status, "connections.jte", Map.of("page", page, "connections", connections, "types", types,
                "error", Optional.ofNullable(error), "accountName", Optional.ofNullable(accountName)));
    }

    private void signInForm(ServerRequest req, ServerResponse res) {
        if (signIn.session(req).isPresent()) {
            redirect(res, HOME);
            return;
        }
        showSignIn(req, res, Status.OK_200, null);
    }

    private void showSignIn(ServerRequest req, ServerResponse res, Status status, String error) {
        render(req, res, status, "signin.jte", Map.of("page", pageOf(req, null),
                "formToken", signIn.signInFormToken(req, res), "error", Optional.ofNullable(error)));
    }

    private void signInPosted(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        if (!signIn.isSignInForm(req, form.get("form_token"))) {
            throw formRefused(req);
        }
        String token = form.get("token");
        if (token == null || !signIn.isAdminToken(token.strip())) {
            showSignIn(req, res, Status.UNAUTHORIZED_401, pageOf(req, null).t("signin.wrong"));
            return;
        }
        signIn.start(res);
        redirect(res, HOME);
    }

    private void signOut(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        session(req, res, form).ifPresent(session -> {
            signIn.end(session, res);
            redirect(res, HOME + "/sign-in");
        });
    }

    private void create(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        session(req, res, form).ifPresent(session -> {
            String accountName = form.get("account_name") == null ? "" : form.get("account_name");
            try {
                Connection made = manager.connect(new AccountName(accountName), String.valueOf(form.get("event_name")))
                        .connection();
                redirect(res, HOME + "/connection/" + made.id());
            } catch (Refusal refusal) {
                showList(req, res, pageOf(req, session), refusal.status(), refusal.getMessage(), accountName);
            }
        });
    }

    private void connection(ServerRequest req, ServerResponse res) {
        session(req, res).ifPresent(session -> {
            long id = id(req, "id");
            ConnectionReport report = manager.report(id);
            Page page = pageOf(req, session);
            Selection selection = Selection.of(req.query(), page);
            Received received = selection.received(page.zone());
            Long sent = req.query().first("sent").asOptional().flatMap(DashboardService::number).orElse(null);
            Projection.Status tablesStatus = projector.status();
            boolean ready = Projector.readable(tablesStatus);
            List<Preview> tables = !ready ? List.of() : Preview.ORDER.stream().map(dataset -> Preview.of(dataset,
                    tableRows.latest(id, dataset.apiName(), before(req, dataset.apiName()), received, Preview.ROWS),
                    page)).toList();
            long[] progress = ready ? null : projector.progress(tablesStatus);
            String building = ready ? null : page.t("tables.building", progress[0], progress[1]);
            Chart chart = chart(eventHours.since(System.currentTimeMillis() - Duration.ofDays(CHART_DAYS + 1)
                    .toMillis(), id), page, CHART_DAYS, 20, 120);
            EventPage latest = events.latest(id, before(req, "events"), selection.type(), received, LATEST_EVENTS);
            List<Forwarded> forwarded = destinations.of(id).stream().map(destination -> new Forwarded(destination,
                    destinations.counts(destination.id()), List.of())).toList();
            Detail detail = new Detail(report, view, selection, latest, sent, tables, building, chart, forwarded);
            render(req, res, Status.OK_200, "connection.jte", Map.of("page", page, "detail", detail));
        });
    }

    /** Where a list of the page starts: before the row version or event id its {@code <list>_before} names. */
    private static long before(ServerRequest req, String list) {
        return req.query().first(list + "_before").asOptional().flatMap(DashboardService::number)
                .orElse(Long.MAX_VALUE);
    }

    private void event(ServerRequest req, ServerResponse res) {
        session(req, res).ifPresent(session -> {
            Connection connection = manager.report(id(req, "id")).connection();
            Page page = pageOf(req, session);
            EventRecord event = events.one(connection.id(), id(req, "event"))
                    .orElseThrow(() -> new HttpProblem(Status.NOT_FOUND_404, page.t("error.noEvent")));
            render(req, res, Status.OK_200, "event.jte", Map.of("page", page, "connection", connection,
                    "event", event, "json", pretty(event.body())));
        });
    }

    /**
     * A download: the connection's data URL with the table, the format and the days asked for (a {@link Selection}),
     * the file's times in the reader's zone.
     */
    private void download(ServerRequest req, ServerResponse res) {
        session(req, res).ifPresent(session -> {
            Page page = pageOf(req, session);
            Connection connection = manager.report(id(req, "id")).connection();
            String dataset = req.query().first("dataset").orElse("");
            String format = req.query().first("format").orElse("");
            if (!Detail.DOWNLOADABLE.contains(dataset) || !DOWNLOAD_FORMATS.containsKey(format)) {
                throw new HttpProblem(Status.BAD_REQUEST_400, page.t("download.wrong"));
            }
            Received days = Selection.of(req.query(), page).received(page.zone());
            StringBuilder url = new StringBuilder(view.dataUrl(connection)).append("?dataset=").append(dataset)
                    .append(DOWNLOAD_FORMATS.get(format)).append("&tz=")
                    .append(URLEncoder.encode(page.zoneName(), StandardCharsets.UTF_8));
            if (days.from() != null) {
                url.append("&from=").append(Instant.ofEpochMilli(days.from()));
            }
            if (days.to() != null) {
                url.append("&to=").append(Instant.ofEpochMilli(days.to()));
            }
            redirect(res, url.toString());
        });
    }

    /**
     * Sends one of Jivo's documented payloads for the connection's type (an offline message for one that captures
     * everything), marked as a test, through its real webhook URL, as Jivo would, and shows it arrive.
     */
    private void sendTestEvent(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        session(req, res, form).ifPresent(session -> {
            Page page = pageOf(req, session);
            Connection connection = manager.report(id(req, "id")).connection();
            long sent = testEvents.send(req, connection, page.t("test.message"));
            redirect(res, HOME + "/connection/" + connection.id() + "?sent=" + sent);
        });
    }

    /** Erasure, step one: who would be erased, and what it does. */
    private void confirmErasure(ServerRequest req, ServerResponse res) {
        session(req, res).ifPresent(session -> {
            Page page = pageOf(req, session);
            String email = req.query().first("email").orElse("").strip();
            String phone = req.query().first("phone").orElse("").strip();
            visitor(email, phone, page);
            render(req, res, Status.OK_200, "erase.jte", Map.of("page", page, "email", email, "phone", phone,
                    "erased", Optional.empty()));
        });
    }

    /** Erasure, step two: every event of the visitor, of every connection, deleted. */
    private void erase(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        session(req, res, form).ifPresent(session -> {
            Page page = pageOf(req, session);
            String email = Optional.ofNullable(form.get("email")).orElse("").strip();
            String phone = Optional.ofNullable(form.get("phone")).orElse("").strip();
            ConnectionManager.Erasure erasure = manager.erase(visitor(email, phone, page));
            render(req, res, Status.OK_200, "erase.jte", Map.of("page", page, "email", email, "phone", phone,
                    "erased", Optional.of(erasure.deletedEvents())));
        });
    }

    /** The visitor an erasure form names: by e-mail or by phone, one of them. */
    private static Visitor visitor(String email, String phone, Page page) {
        boolean byEmail = !email.isBlank();
        if (byEmail == !phone.isBlank()) {
            throw new HttpProblem(Status.BAD_REQUEST_400, page.t("erase.oneOf"));
        }
        return byEmail ? Visitor.byEmail(email) : Visitor.byPhone(phone);
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A stored body, indented for reading; as it is when it cannot be read as JSON. */
    private static String pretty(byte[] body) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(body));
        } catch (RuntimeException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private void confirm(ServerRequest req, ServerResponse res) {
        session(req, res).ifPresent(session -> {
            Connection connection = manager.report(id(req, "id")).connection();
            render(req, res, Status.OK_200, "confirm.jte", Map.of("page", pageOf(req, session),
                    "connection", connection, "action", action(req)));
        });
    }

    private void act(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        session(req, res, form).ifPresent(session -> {
            long id = id(req, "id");
            switch (action(req)) {
                case "rotate" -> manager.rotateWebhookUrl(id, Optional.ofNullable(form.get("overlap_hours"))
                        .map(List::of).orElse(List.of()));
                case "rotate-data" -> manager.rotateDataUrl(id);
                case "revoke" -> manager.revoke(id);
                case "delete" -> {
                    manager.delete(id);
                    redirect(res, HOME);
                    return;
                }
                default -> throw new IllegalStateException("an action that action() let through");
            }
            redirect(res, HOME + "/connection/" + id);
        });
    }

    /** A new destination from the connection page's form: a URL, the types ticked (none: all), one header. */
    private void addDestination(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        session(req, res, form).ifPresent(session -> {
            long id = id(req, "id");
            List<String> types = EventTypes.JIVO.stream().filter(type -> form.get("type_" + type) != null).toList();
            String headerName = Optional.ofNullable(form.get("header_name")).orElse("").strip();
            Map<String, String> headers = headerName.isEmpty() ? Map.of()
                    : Map.of(headerName, Optional.ofNullable(form.get("header_value")).orElse(""));
            Destination made = forwarding.create(id, new DestinationManager.Spec(
                    Optional.ofNullable(form.get("url")).orElse("").strip(), types, headers, true,
                    form.get("parallel") != null));
            redirect(res, HOME + "/connection/" + id + "/destination/" + made.id());
        });
    }

    private void destination(ServerRequest req, ServerResponse res) {
        session(req, res).ifPresent(session -> {
            Connection connection = manager.report(id(req, "id")).connection();
            Destination destination = forwarding.one(connection.id(), id(req, "did"));
            Forwarded forwarded = new Forwarded(destination, destinations.counts(destination.id()),
                    destinations.failed(destination.id(), FAILED_SHOWN));
            render(req, res, Status.OK_200, "destination.jte", Map.of("page", pageOf(req, session),
                    "connection", connection, "forwarded", forwarded));
        });
    }

    private void actOnDestination(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        session(req, res, form).ifPresent(session -> {
            long id = id(req, "id");
            Destination destination = forwarding.one(id, id(req, "did"));
            String action = req.path().pathParameters().get("action");
            if (!DESTINATION_ACTIONS.contains(action)) {
                throw new HttpProblem(Status.NOT_FOUND_404, pageOf(req, null).t("error.notFound"));
            }
            String back = HOME + "/connection/" + id + "/destination/" + destination.id();
            switch (action) {
                case "pause", "resume" -> forwarding.update(id, destination.id(), new DestinationManager.Spec(
                        destination.url(), destination.eventTypes(), destination.headers(), action.equals("resume"),
                        destination.parallel()));
                case "rotate-secret" -> forwarding.rotateSecret(id, destination.id(),
                        DestinationManager.SECRET_OVERLAP);
                case "send-failed" -> forwarding.sendAgain(id, destination.id(),
                        new DestinationManager.SendAgain.Failed());
                case "send-again" -> forwarding.sendAgain(id, destination.id(), new DestinationManager.SendAgain.Events(
                        List.of(number(Optional.ofNullable(form.get("event_id")).orElse("")).orElseThrow(() ->
                                new HttpProblem(Status.BAD_REQUEST_400, pageOf(req, null).t("error.status.400"))))));
                default -> {
                    forwarding.delete(id, destination.id());
                    back = HOME + "/connection/" + id + "#forwarding";
                }
            }
            redirect(res, back);
        });
    }

    /** Sets after how many hours without an event the connection is marked silent. */
    private void setSilence(ServerRequest req, ServerResponse res) {
        Form form = Form.read(req);
        session(req, res, form).ifPresent(session -> {
            long id = id(req, "id");
            manager.setSilentAfterHours(id, form.get("silent_after_hours"));
            redirect(res, HOME + "/connection/" + id);
        });
    }

    private static String action(ServerRequest req) {
        String action = req.path().pathParameters().get("action");
        if (!ACTIONS.contains(action)) {
            throw new HttpProblem(Status.NOT_FOUND_404, pageOf(req, null).t("error.notFound"));
        }
        return action;
    }

    private static long id(ServerRequest req, String parameter) {
        try {
            return Long.parseLong(req.path().pathParameters().get(parameter));
        } catch (NumberFormatException e) {
            throw new HttpProblem(Status.NOT_FOUND_404, pageOf(req, null).t("error.notFound"));
        }
    }

    private void asset(ServerRequest req, ServerResponse res) {
        String file = req.path().pathParameters().get("file");
        byte[] body = assets.get(file);
        if (body == null) {
            error(req, res, Status.NOT_FOUND_404, pageOf(req, null).t("error.notFound"));
            return;
        }
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=3600");
        Responses.send(req, res, Status.OK_200, ASSETS.get(file), body);
    }

    /** The error page saying {@code message}, in the reader's language. */
    private static void error(ServerRequest req, ServerResponse res, Status status, String message) {
        send(req, res, status, ErrorPages.page(pageOf(req, null), status, message));
    }

    private static void render(ServerRequest req, ServerResponse res, Status status, String template,
                               Map<String, Object> parameters) {
        send(req, res, status, Templates.render(template, parameters));
    }

    private static void send(ServerRequest req, ServerResponse res, Status status, byte[] html) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Responses.send(req, res, status, Responses.HTML_UTF8, html);
    }

    private static void redirect(ServerResponse res, String path) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, path);
        res.send();
    }

    private static byte[] asset(String file) {
        try (InputStream in = DashboardService.class.getResourceAsStream("assets/" + file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
