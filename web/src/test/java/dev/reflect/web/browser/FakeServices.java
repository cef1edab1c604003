package dev.reflect.web.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stand-ins for the ingest and the query service behind the web app, for the browser tests of
 * what the real ones cannot be made to do on cue (a 429, a 401 for a token that was good a moment
 * ago) and of the entries screen before the real entries endpoint exists. They answer in the
 * contract's shapes and record what they were asked.
 */
public final class FakeServices implements AutoCloseable {

    /** One request as the fake saw it. */
    public record Seen(String method, String path, String query, String authorization, JsonNode body, long atNanos) {}

    /** A scripted answer: status, Retry-After (or null), JSON body (or null). */
    public record Answer(int status, String retryAfter, String body) {}

    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Deque<Answer> ingestScript = new ArrayDeque<>();
    private final Deque<Answer> entriesScript = new ArrayDeque<>();
    private final Deque<Answer> exportScript = new ArrayDeque<>();
    private final Javalin javalin;

    public FakeServices() {
        javalin = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.routes.post("/v1/check-ins", ctx -> ingest(ctx, false));
                    config.routes.post("/v1/journal-entries", ctx -> ingest(ctx, false));
                    config.routes.post("/v1/check-ins/batch", ctx -> ingest(ctx, true));
                    config.routes.get("/v1/me/entries", this::entries);
                    config.routes.get("/v1/me/export", this::export);
                    // The Entries screen also shows whom the person shares with: nobody, here.
                    config.routes.get(
                            "/v1/me/sharing",
                            ctx -> ctx.contentType("application/json").result("{\"sharingWith\":[]}"));
                })
                .start("127.0.0.1", 0);
    }

    public int port() {
        return javalin.port();
    }

    /** The next answers of the ingest routes, in order; once used up, every write is accepted. */
    public synchronized void scriptIngest(Answer... answers) {
        ingestScript.addAll(List.of(answers));
    }

    /** The next answers of GET /v1/me/entries, in order; once used up, 404. */
    public synchronized void scriptEntries(Answer... answers) {
        entriesScript.addAll(List.of(answers));
    }

    /**
     * The next answers of GET /v1/me/export, in order; once used up, 404. A 200 comes as the query
     * service sends it: a file named {@value #EXPORT_FILE}.
     */
    public synchronized void scriptExport(Answer... answers) {
        exportScript.addAll(List.of(answers));
    }

    /** The name the fake gives its export file. */
    public static final String EXPORT_FILE = "reflect-export-2026-12-04.json";

    public List<Seen> writes() {
        return seen.stream().filter(s -> s.method().equals("POST")).toList();
    }

    private void record(Context ctx) {
        JsonNode body = null;
        try {
            byte[] bytes = ctx.bodyAsBytes();
            body = bytes.length == 0 ? null : Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        seen.add(new Seen(
                ctx.method().name(),
                ctx.path(),
                ctx.queryString(),
                ctx.header("Authorization"),
                body,
                System.nanoTime()));
    }

    private void ingest(Context ctx, boolean batch) {
        record(ctx);
        Answer scripted;
        synchronized (this) {
            scripted = ingestScript.poll();
        }
        if (scripted != null) {
            answer(ctx, scripted);
            return;
        }
        JsonNode body = seen.get(seen.size() - 1).body();
        if (batch) {
            StringBuilder results = new StringBuilder("{\"results\":[");
            for (int i = 0; i < body.path("checkIns").size(); i++) {
                results.append(i == 0 ? "" : ",")
                        .append("{\"eventId\":\"")
                        .append(body.path("checkIns").get(i).path("eventId").asText())
                        .append("\",\"status\":\"accepted\",\"errors\":[]}");
            }
            ctx.status(200).contentType("application/json").result(results + "]}");
        } else {
            ctx.status(202)
                    .contentType("application/json")
                    .result("{\"eventId\":\"" + body.path("eventId").asText() + "\",\"status\":\"accepted\"}");
        }
    }

    private void entries(Context ctx) {
        record(ctx);
        Answer scripted;
        synchronized (this) {
            scripted = entriesScript.poll();
        }
        answer(ctx, scripted == null ? new Answer(404, null, problem(404)) : scripted);
    }

    private void export(Context ctx) {
        record(ctx);
        Answer scripted;
        synchronized (this) {
            scripted = exportScript.poll();
        }
        if (scripted != null && scripted.status() == 200) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + EXPORT_FILE + "\"");
        }
        answer(ctx, scripted == null ? new Answer(404, null, problem(404)) : scripted);
    }

    private static void answer(Context ctx, Answer answer) {
        ctx.status(answer.status());
        if (answer.retryAfter() != null) {
            ctx.header("Retry-After", answer.retryAfter());
        }
        if (answer.body() != null) {
            ctx.contentType(answer.status() >= 400 ? "application/problem+json" : "application/json")
                    .result(answer.body());
        }
    }

    public static String problem(int status) {
        return "{\"type\":\"urn:reflect:problem:http-" + status + "\",\"title\":\"Error\",\"status\":" + status + "}";
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
