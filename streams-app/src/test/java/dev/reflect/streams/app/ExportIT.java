package dev.reflect.streams.app;

import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.Topics;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.streams.query.QueryClient;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/me/export} (contract section 9) on the real broker, two instances of the streams
 * app: what a person sent through the ingest service comes back in one document, texts opened,
 * from whichever instance they ask; nobody else's data is in it; nobody else can have it; and
 * after erasure there is nothing to export.
 */
@WithKafka
class ExportIT {

    private static final byte[] SECRET = "export-it-secret-0123456789abcdef-01234".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Kafka's default keeps a stopped instance's partitions 45 s; not needed here, but keep tests short. */
    private static final Map<String, String> VARIABLES = Map.of("REFLECT_KAFKA_SESSION_TIMEOUT_MS", "10000");

    KafkaCluster kafka;

    @TempDir
    Path stateDirA;

    @TempDir
    Path stateDirB;

    private final String person = "u-export-" + UUID.randomUUID();
    private final String other = "u-other-" + UUID.randomUUID();
    private final String clinician = "c-" + UUID.randomUUID();
    /** In every text the person writes; their export must show each one as written. */
    private final String marker = "marker-" + UUID.randomUUID();
    /** In the other person's note; no export but theirs may hold it. */
    private final String otherMarker = "other-" + UUID.randomUUID();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> running = new ArrayList<>();
    private IngestApp ingest;
    private QueryClient queryA;
    private QueryClient queryB;
    private int portA;

    @BeforeEach
    void start() {
        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        String applicationId = "reflect-export-it-" + UUID.randomUUID();
        StreamsApp a = StreamsApp.create(
                StreamsApps.config(kafka.bootstrapServers(), VARIABLES, SECRET, applicationId, stateDirA));
        running.add(a::stop);
        a.start();
        StreamsApp b = StreamsApp.create(
                StreamsApps.config(kafka.bootstrapServers(), VARIABLES, SECRET, applicationId, stateDirB));
        running.add(b::stop);
        b.start();
        portA = a.port();
        queryA = new QueryClient(a.port());
        queryB = new QueryClient(b.port());
        ingest = IngestApp.create(new IngestConfig(
                                "127.0.0.1",
                                0,
                                JwtSettings.hs256(SECRET),
                                KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                                Duration.ofSeconds(10),
                                RateLimit.OFF)
                        .withQueryUrl(URI.create("http://127.0.0.1:" + a.port())))
                .start();
        running.add(ingest::stop);
        StreamsApps.awaitRunning(a);
        StreamsApps.awaitRunning(b);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void aPersonExportsEverythingTheySentFromAnyInstanceAndNothingOnceErased() throws IOException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        if (!now.toLocalDate().equals(now.plusSeconds(2).toLocalDate())) {
            now = now.minusSeconds(5); // all three on one local day: the day's figures are asserted below
        }
        UUID checkInId = UUID.randomUUID();
        UUID journalId = UUID.randomUUID();
        UUID measureId = UUID.randomUUID();
        String note = "I checked their phone again " + marker;
        String situation = "They did not answer for an hour " + marker;
        String thought = "They are leaving me " + marker;
        String evidenceAgainst = "They were at work " + marker;
        String balanced = "A late reply is not leaving " + marker;
        assertThat(send("POST", "/v1/check-ins", person, """
                {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":6,
                 "triggers":[{"category":"PARTNER_UNRESPONSIVE"}],
                 "behaviors":[{"type":"SOUGHT_REASSURANCE","count":2}],"note":"%s"}""".formatted(checkInId, now, note)))
                .isEqualTo(202);
        assertThat(send("POST", "/v1/journal-entries", person, """
                {"eventId":"%s","occurredAt":"%s","text":"%s",
                 "thoughtRecord":{"automaticThought":"%s","evidenceAgainst":"%s","balancedThought":"%s",
                                  "beliefBefore":80,"beliefAfter":40}}""".formatted(
                                journalId, now.plusSeconds(1), situation, thought, evidenceAgainst, balanced)))
                .isEqualTo(202);
        assertThat(send("POST", "/v1/measures", person, """
                {"eventId":"%s","occurredAt":"%s","instrument":"GAD7","items":[1,2,1,0,1,2,1]}""".formatted(measureId, now.plusSeconds(2))))
                .isEqualTo(202);
        assertThat(send("PUT", "/v1/me/sharing/" + clinician, person, null)).isEqualTo(204);
        assertThat(send("POST", "/v1/check-ins", other, """
                {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":3,"note":"%s"}""".formatted(UUID.randomUUID(), now, otherMarker)))
                .isEqualTo(202);

        String personToken = DevTokens.mint(SECRET, person, false);
        String clinicianToken = DevTokens.mint(SECRET, clinician, true);
        // The clinician reads the person's entries once the grant is in: that read is in the access log.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> read = queryA.get("/v1/users/" + person + "/entries", clinicianToken);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(json(read).path("entries")).hasSize(2);
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(json(queryA.get("/v1/me/access-log", personToken)).path("reads"))
                    .isNotEmpty();
            assertThat(json(queryA.get("/v1/me/measures", personToken))
                            .path("measures")
                            .path("GAD7")
                            .path("scores"))
                    .hasSize(1);
        });

        List<JsonNode> documents = new ArrayList<>();
        for (QueryClient query : List.of(queryA, queryB)) {
            HttpResponse<String> export = query.get("/v1/me/export", personToken);
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            LocalDate exportDay = OffsetDateTime.parse(
                            json(export).path("exportedAt").asText())
                    .withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDate();
            assertThat(export.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"reflect-export-" + exportDay + ".json\"");
            assertThat(export.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(export.body()).doesNotContain(other).doesNotContain(otherMarker);
            documents.add(json(export));
        }
        JsonNode document = documents.get(0);
        assertThat(document.path("format").asText()).isEqualTo("reflect-export/v1");
        assertThat(document.path("userId").asText()).isEqualTo(person);

        JsonNode entries = document.path("entries");
        assertThat(entries).hasSize(2);
        JsonNode checkIn = entries.get(0);
        assertThat(checkIn.path("type").asText()).isEqualTo("checkin");
        assertThat(checkIn.path("eventId").asText()).isEqualTo(checkInId.toString());
        assertThat(checkIn.path("note").asText()).isEqualTo(note);
        assertThat(checkIn.path("distress").asInt()).isEqualTo(6);
        assertThat(checkIn.has("sealed")).isFalse();
        JsonNode journal = entries.get(1);
        assertThat(journal.path("type").asText()).isEqualTo("journal");
        assertThat(journal.path("eventId").asText()).isEqualTo(journalId.toString());
        assertThat(journal.path("text").asText()).isEqualTo(situation);
        assertThat(journal.path("thoughtRecord").path("automaticThought").asText())
                .isEqualTo(thought);
        assertThat(journal.path("thoughtRecord").path("evidenceAgainst").asText())
                .isEqualTo(evidenceAgainst);
        assertThat(journal.path("thoughtRecord").path("balancedThought").asText())
                .isEqualTo(balanced);
        assertThat(journal.path("thoughtRecord").path("beliefBefore").asInt()).isEqualTo(80);

        JsonNode day = document.path("days").get(0);
        assertThat(document.path("days")).hasSize(1);
        assertThat(day.path("date").asText()).isEqualTo(now.toLocalDate().toString());
        assertThat(day.path("checkIns").asInt()).isEqualTo(1);
        assertThat(day.path("reassuranceAsks").asInt()).isEqualTo(2);
        assertThat(day.path("thoughtRecords").asInt()).isEqualTo(1);
        assertThat(day.path("beliefShiftAvg").asDouble()).isEqualTo(-40.0);
        assertThat(document.path("escalation").path("now").path("level").asText())
                .isEqualTo("STEADY");
        assertThat(document.path("escalation").path("history")).isEmpty();
        assertThat(document.path("alerts")).isEmpty();

        JsonNode gad7 = document.path("measures").path("GAD7");
        assertThat(gad7.path("summary").path("latestScore").asInt()).isEqualTo(8);
        assertThat(gad7.path("scores")).hasSize(1);
        assertThat(gad7.path("scores").get(0).path("eventId").asText()).isEqualTo(measureId.toString());
        assertThat(gad7.path("scores").get(0).path("items").toString()).isEqualTo("[1,2,1,0,1,2,1]");

        assertThat(document.path("sharing")).hasSize(1);
        assertThat(document.path("sharing").get(0).path("clinicianId").asText()).isEqualTo(clinician);
        assertThat(document.path("sharing").get(0).path("sharing").asBoolean()).isTrue();
        assertThat(document.path("accessLog")).anySatisfy(line -> {
            assertThat(line.path("readerId").asText()).isEqualTo(clinician);
            assertThat(line.path("what").asText()).isEqualTo("entries");
            assertThat(line.path("outcome").asText()).isEqualTo("allowed");
        });

        // The instance that does not hold the person passes the owner's document on unchanged.
        assertThat(withoutTime(documents.get(1))).isEqualTo(withoutTime(document));

        // Only the token's subject is exported: a clinician gets their own (nothing), never the person's.
        HttpResponse<String> clinicianExport = queryA.get("/v1/me/export", clinicianToken);
        assertThat(clinicianExport.statusCode()).isEqualTo(404);
        assertThat(clinicianExport.body()).doesNotContain(marker);
        HttpResponse<String> byId = queryA.get("/v1/users/" + person + "/export", clinicianToken);
        assertThat(byId.statusCode()).isEqualTo(404);
        assertThat(byId.body()).doesNotContain(marker);
        assertThat(queryA.get("/v1/me/export", null).statusCode()).isEqualTo(401);

        // Once erased, there is nothing left to export, from either instance.
        assertThat(send(URI.create("http://127.0.0.1:" + portA + "/v1/me"), "DELETE", person, null))
                .isEqualTo(202);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(queryA.get("/v1/me/export", personToken).statusCode()).isEqualTo(404);
            assertThat(queryB.get("/v1/me/export", personToken).statusCode()).isEqualTo(404);
        });
        // The other person still exports their own note.
        assertThat(json(queryB.get("/v1/me/export", DevTokens.mint(SECRET, other, false)))
                        .path("entries")
                        .get(0)
                        .path("note")
                        .asText())
                .isEqualTo(otherMarker);
    }

    private static JsonNode withoutTime(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("exportedAt");
        return copy;
    }

    private int send(String method, String path, String userId, String json) {
        return send(URI.create("http://127.0.0.1:" + ingest.port() + path), method, userId, json);
    }

    private int send(URI uri, String method, String userId, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + DevTokens.mint(SECRET, userId, false));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
