package io.jivohub.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.jivohub.columns.Timestamps;
import io.jivohub.keys.Sha256;
import io.jivohub.store.Connection;
import io.jivohub.store.ConnectionReport;
import io.jivohub.store.Outcome;
import io.jivohub.web.Html;
import io.jivohub.web.Responses;
import io.jivohub.web.Routes;

/**
 * {@code GET /jivo/admin}: the dashboard, one HTML page listing every connection with its URLs, counts by outcome
 * and last event, for the admin only (a browser asks for the token: any user name, the token as password).
 *
 * <p>Account names are whatever someone typed, so every value is escaped ({@link Html#escape}). The page runs no
 * script and loads nothing: its Content-Security-Policy allows only its own inline style, by hash, and no framing.
 * It changes nothing either (no forms), so another site cannot make an admin's browser act on it.
 */
public final class DashboardService implements HttpService {
    private static final String STYLE = "body{font:14px system-ui,sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;"
            + "vertical-align:top}th{background:#f4f4f4}code{font-size:12px;word-break:break-all}"
            + ".revoked{color:#999}.old{color:#777}";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'sha256-"
            + Base64.getEncoder().encodeToString(Sha256.of(STYLE.getBytes(StandardCharsets.UTF_8)))
            + "'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ConnectionManager manager;
    private final AdminAccess access;
    private final ConnectionView view;

    public DashboardService(ConnectionManager manager, AdminAccess access, Supplier<String> publicUrl) {
        this.manager = manager;
        this.access = access;
        this.view = new ConnectionView(publicUrl);
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.get(rules, "/", this::show)
                .any("/", Routes.methodNotAllowed("GET", "HEAD"));
    }

    private void show(ServerRequest req, ServerResponse res) {
        access.check(req);
        List<ConnectionReport> reports = manager.reports();
        StringBuilder html = new StringBuilder(4096 + reports.size() * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\">")
                .append("<title>jivohub: connections</title><style>").append(STYLE).append("</style></head><body>")
                .append("<h1>Connections</h1><p>").append(reports.size()).append(" connection")
                .append(reports.size() == 1 ? "" : "s").append(". The URLs are secrets: whoever has one can use it.</p>")
                .append("<table><thead><tr><th>Id</th><th>Account</th><th>Captures</th><th>Status</th>")
                .append("<th>Webhook URL (for Jivo)</th><th>Data URL</th>");
        for (Outcome outcome : Outcome.values()) {
            html.append("<th>").append(Html.escape(outcome.label())).append("</th>");
        }
        html.append("<th>Last event</th><th>Created</th></tr></thead><tbody>");
        reports.forEach(report -> row(html, report));
        html.append("</tbody></table></body></html>\n");

        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        Responses.send(req, res, Status.OK_200, "text/html; charset=utf-8",
                html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void row(StringBuilder html, ConnectionReport report) {
        Connection connection = report.connection();
        html.append(connection.revoked() ? "<tr class=\"revoked\">" : "<tr>")
                .append("<td>").append(connection.id()).append("</td>")
                .append("<td class=\"account\">").append(Html.escape(connection.accountName())).append("</td>")
                .append("<td>").append(Html.escape(connection.eventName())).append("</td>")
                .append("<td>").append(connection.revoked()
                        ? "revoked " + Html.escape(Timestamps.format(connection.revokedAt())) : "active")
                .append("</td><td><code class=\"url\">")
                .append(Html.escape(view.webhookUrl(connection, connection.webhookKey()))).append("</code>");
        for (ConnectionReport.RetiredKey retired : report.retiredKeys()) {
            html.append("<br><span class=\"old\">old, until ").append(Html.escape(Timestamps.format(retired.expiresAt())))
                    .append(": <code>").append(Html.escape(view.webhookUrl(connection, retired.webhookKey())))
                    .append("</code></span>");
        }
        html.append("</td><td><code class=\"data-url\">").append(Html.escape(view.dataUrl(connection)))
                .append("</code></td>");
        for (Outcome outcome : Outcome.values()) {
            html.append("<td class=\"").append(outcome.label()).append("\">")
                    .append(report.counts().get(outcome)).append("</td>");
        }
        html.append("<td>").append(report.lastEventAt() == null ? "never"
                        : Html.escape(Timestamps.format(report.lastEventAt())))
                .append("</td><td>").append(Html.escape(Timestamps.format(connection.createdAt())))
                .append("</td></tr>");
    }
}
