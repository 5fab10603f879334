package io.jivohub.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.store.Projection;
import io.jivohub.tables.Projector;
import io.jivohub.web.HttpProblem;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;

/**
 * The Jivo tables for the admin: {@code GET /jivo/admin/tables} says whether they are built and how far a build
 * is; {@code POST /jivo/admin/rebuild} builds them anew from the stored events (see {@link Projector#rebuild}) and
 * answers 202 with where the build starts.
 */
public final class TablesService {
    private final Projector projector;
    private final AdminAccess access;

    public TablesService(Projector projector, AdminAccess access) {
        this.projector = projector;
        this.access = access;
    }

    /** The service of {@code GET /jivo/admin/tables}. */
    public HttpService status() {
        return rules -> Routes.get(rules, "/", this::show).any("/", Routes.methodNotAllowed("GET", "HEAD"));
    }

    /** The service of {@code POST /jivo/admin/rebuild}. */
    public HttpService rebuild() {
        return rules -> rules.post("/", this::rebuild).any("/", Routes.methodNotAllowed("POST"));
    }

    private void show(ServerRequest req, ServerResponse res) {
        access.check(req);
        answer(req, res, Status.OK_200, projector.status());
    }

    private void rebuild(ServerRequest req, ServerResponse res) {
        access.check(req);
        Projection.Status started = projector.rebuild().orElseThrow(() -> new HttpProblem(Status.CONFLICT_409,
                "the Jivo tables are built by a newer jivohub that shares this database; rebuild them there"));
        answer(req, res, Status.ACCEPTED_202, started);
    }

    private void answer(ServerRequest req, ServerResponse res, Status status, Projection.Status tables) {
        long[] progress = projector.progress(tables);
        Responses.json(req, res, status, json -> {
            json.writeStartObject();
            json.writeBooleanProperty("ready", Projector.readable(tables));
            json.writeNumberProperty("rules_version", tables.rulesVersion());
            json.writeNumberProperty("build", tables.generation());
            json.writeNumberProperty("events_folded", progress[0]);
            json.writeNumberProperty("events_to_fold", progress[1]);
            json.writeBooleanProperty("folding_here", projector.foldsHere(tables));
            json.writeEndObject();
        });
    }
}
