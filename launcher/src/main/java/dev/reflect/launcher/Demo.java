package dev.reflect.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Json;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.simulator.Simulator;
import dev.reflect.simulator.SimulatorOptions;
import dev.reflect.simulator.UsageException;
import dev.reflect.simulator.ingest.AcceptedEvents;
import dev.reflect.simulator.persona.SimulatedUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * {@code ./reflect demo}: the local run plus simulated people. Seeds their weeks of history
 * through the in-process ingest service, waits until the streams app shows every escalating one
 * at their level, prints where to look, then keeps live traffic flowing until stopped.
 */
final class Demo {

    static final String CLINICIAN_ID = "demo-clinician";
    /** The demo promises a seeded, escalated user within 2 minutes of the services being up. */
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration LIVE_STATUS_INTERVAL = Duration.ofSeconds(30);

    private Demo() {}

    /** The simulator's options from the demo's arguments; the target and the secret are the local run's own. */
    static SimulatorOptions options(List<String> args, Env env) {
        for (String arg : args) {
            if (arg.equals("--target")
                    || arg.startsWith("--target=")
                    || arg.equals("--secret")
                    || arg.startsWith("--secret=")) {
                throw new UsageException("the demo drives its own ingest service with its own secret; "
                        + "to drive another stack use ./reflect simulate --target URL --secret S");
            }
        }
        if (env.optional(JwtSettings.JWKS_VARIABLE).isPresent()) {
            // The simulated people need tokens the services accept, and only a shared secret lets the demo mint them.
            throw new UsageException("the demo signs its people's tokens with " + JwtSettings.SECRET_VARIABLE
                    + "; unset " + JwtSettings.JWKS_VARIABLE + " for the demo");
        }
        return SimulatorOptions.parse(args, env);
    }

    static void start(LocalServices services, SimulatorOptions requested, Deque<AutoCloseable> running, Logger log)
            throws InterruptedException {
        SimulatorOptions withTarget = requested.withTarget(URI.create(services.ingestUrl()));
        // The demo's clinician has a caseload: the escalating people and most others share with them.
        SimulatorOptions options =
                withTarget.shareWith().isPresent() ? withTarget : withTarget.withSharingWith(CLINICIAN_ID);
        Simulator simulator = new Simulator(options, System.err, AcceptedEvents.NONE);
        running.push(simulator);
        System.out.printf(
                "%nSeeding %d simulated people with %d days of history through %s ...%n",
                options.users(), options.historyDays(), services.ingestUrl());
        if (!simulator.awaitReady(Duration.ofSeconds(60))) {
            log.warn("The ingest service did not answer ready within 60 s; seeding anyway, retrying as needed.");
        }
        long started = System.nanoTime();
        simulator.seed();

        String clinician = DevTokens.mint(options.secret(), CLINICIAN_ID, true);
        List<SimulatedUser> escalating = new ArrayList<>(simulator.escalatingUsers());
        escalating.sort(
                Comparator.comparing((SimulatedUser user) -> user.persona().intendedLevel())
                        .reversed()
                        .thenComparing(SimulatedUser::userId));
        Map<String, String> levels = awaitLevels(services.queryUrl(), clinician, escalating);
        System.out.printf(
                "%nThe streams app has the history %.0f s after seeding began. Escalating:%n",
                (System.nanoTime() - started) / 1e9);
        for (SimulatedUser user : escalating) {
            System.out.printf(
                    "  %-14s %-9s %s%n",
                    user.userId(),
                    levels.getOrDefault(user.userId(), "(not yet)"),
                    user.persona().intendedRule().orElse(""));
        }

        Optional<SimulatedUser> featured = escalating.stream().findFirst();
        String pageUrl = services.queryUrl() + "/";
        String appUrl = services.webUrl() + "/";
        if (featured.isPresent()) {
            String token = DevTokens.mint(options.secret(), featured.get().userId(), false);
            pageUrl += "#token=" + token;
            appUrl += "#token=" + token;
        }
        System.out.printf(
                """

                Reflect demo is running.
                  Web app          %s
                                   (sign in as %s: record a check-in, read your entries, see your progress)
                  Progress page    %s
                                   (%s; any user: ./reflect token USER, then %s/#token=TOKEN)
                  Query API        %s/v1/users/{userId}/progress, .../escalation, .../measures, /v1/me/progress
                  Clinician view   %s/#token=%s
                                   (%s: the caseload of people who share with them, most urgent first;
                                   API: curl -H "Authorization: Bearer $TOKEN" %s/v1/caseload)
                  Metrics          %s/metrics and %s/metrics
                  Ingest service   %s   POST /v1/check-ins, /v1/journal-entries, /v1/check-ins/batch, /v1/measures
                  Kafka            %s
                Live traffic: %s from %d simulated people (status every %d s on stderr). Press Ctrl-C to stop.

                """,
                appUrl,
                featured.map(SimulatedUser::userId).orElse("nobody"),
                pageUrl,
                featured.map(user -> user.userId() + ", meant to be "
                                + user.persona().intendedLevel())
                        .orElse("no escalating user"),
                services.queryUrl(),
                services.queryUrl(),
                services.queryUrl(),
                clinician,
                options.shareWith().orElse(CLINICIAN_ID),
                services.queryUrl(),
                services.ingestUrl(),
                services.queryUrl(),
                services.ingestUrl(),
                services.kafkaDescription(),
                options.sendsLive() ? options.rate() + " events/s" : "none",
                options.users(),
                LIVE_STATUS_INTERVAL.toSeconds());

        simulator.statusEvery(LIVE_STATUS_INTERVAL);
        Thread live = new Thread(
                () -> {
                    try {
                        simulator.runLive();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "demo-live-traffic");
        live.setDaemon(true);
        live.start();
    }

    /**
     * Polls the query API until every escalating user shows the level they were made for, or the
     * timeout passes; returns the levels last seen.
     */
    private static Map<String, String> awaitLevels(String queryUrl, String clinicianToken, List<SimulatedUser> users)
            throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, String> seen = new LinkedHashMap<>();
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (true) {
            boolean all = true;
            for (SimulatedUser user : users) {
                EscalationLevel wanted = user.persona().intendedLevel();
                if (wanted.name().equals(seen.get(user.userId()))) {
                    continue;
                }
                level(http, queryUrl, clinicianToken, user.userId()).ifPresent(level -> seen.put(user.userId(), level));
                all &= wanted.name().equals(seen.get(user.userId()));
            }
            if (all) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                System.err.println("demo: not every escalating user reached their level within "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s; the streams app may still be catching up");
                return seen;
            }
            Thread.sleep(500);
        }
    }

    private static Optional<String> level(HttpClient http, String queryUrl, String token, String userId)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(queryUrl + "/v1/users/" + userId + "/escalation"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode body = Json.mapper().readTree(response.body());
            return Optional.of(body.path("level").asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
