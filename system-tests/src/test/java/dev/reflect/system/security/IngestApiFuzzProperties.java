package dev.reflect.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.EventParser;
import dev.reflect.events.Json;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.system.support.AcceptingPublisher;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * The ingest HTTP API under generated input: random JSON trees, valid check-ins with one thing
 * changed, wrong types, huge and non-ASCII strings, raw bytes, odd content types, garbage
 * {@code Authorization} values and paths. Whatever arrives, the answer is never a 5xx, never 202
 * for a body the events validator refuses, and never quotes a submitted value: every generated
 * string carries a marker that must not come back in the response.
 *
 * <p>The service runs in-process with a publisher that acknowledges at once, so what is judged is
 * the HTTP side alone; Kafka's part is in the fault ITs.
 */
class IngestApiFuzzProperties {

    /** A marker no error text contains by itself; the number after it tells tries apart. */
    private static final String MARKER = "QZXMARK";

    private final byte[] secret = Services.newSecret();
    private final String user = "u-" + UUID.randomUUID();
    private final String token = DevTokens.mint(secret, user, false);
    private final EventParser validator = new EventParser(Clock.systemUTC());
    private IngestApp app;
    private Http http;

    @BeforeProperty
    void start() {
        IngestConfig config = new IngestConfig(
                "127.0.0.1",
                0,
                JwtSettings.hs256(secret),
                KafkaClientConfig.forBootstrapServers("127.0.0.1:1"),
                Duration.ofSeconds(2),
                RateLimit.OFF);
        app = IngestApp.create(config, new AcceptingPublisher(), () -> true, Clock.systemUTC())
                .start();
        http = new Http(app.port());
    }

    @AfterProperty
    void stop() {
        app.stop();
    }

    @Property(tries = 400)
    void aCheckInIsAcceptedExactlyWhenTheValidatorAcceptsIt(@ForAll("checkInBodies") String body) {
        Http.Answer answer = http.postJson("/v1/check-ins", token, body);

        assertNoServerErrorNorEcho(answer);
        boolean valid = validator
                .clientCheckIn(body.getBytes(StandardCharsets.UTF_8), user)
                .isValid();
        assertThat(answer.status())
                .as("status for a body the validator finds %s", valid ? "valid" : "invalid")
                .isEqualTo(valid ? 202 : 400);
        // Both sides of "exactly when" must really be tried, or the property proves half of it.
        Statistics.label("validity").collect(valid ? "valid" : "invalid");
        Statistics.label("validity").coverage(coverage -> {
            coverage.check("valid").percentage(p -> p >= 10);
            coverage.check("invalid").percentage(p -> p >= 40);
        });
    }

    @Property(tries = 200)
    void aJournalEntryIsAcceptedExactlyWhenTheValidatorAcceptsIt(@ForAll("journalBodies") String body) {
        Http.Answer answer = http.postJson("/v1/journal-entries", token, body);

        assertNoServerErrorNorEcho(answer);
        boolean valid = validator
                .clientJournalEntry(body.getBytes(StandardCharsets.UTF_8), user)
                .isValid();
        assertThat(answer.status()).isEqualTo(valid ? 202 : 400);
        Statistics.label("validity").collect(valid ? "valid" : "invalid");
        Statistics.label("validity").coverage(coverage -> {
            coverage.check("valid").percentage(p -> p >= 10);
            coverage.check("invalid").percentage(p -> p >= 20);
        });
    }

    @Property(tries = 150)
    void aBatchAcceptsExactlyTheItemsTheValidatorAccepts(@ForAll("batchItems") List<String> items) {
        Http.Answer answer =
                http.postJson("/v1/check-ins/batch", token, "{\"checkIns\":[" + String.join(",", items) + "]}");

        assertNoServerErrorNorEcho(answer);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.json().path("results");
        assertThat(results).hasSize(items.size());
        for (int i = 0; i < items.size(); i++) {
            boolean valid = validator
                    .clientCheckIn(items.get(i).getBytes(StandardCharsets.UTF_8), user)
                    .isValid();
            assertThat(results.get(i).path("status").asText())
                    .as("item %d", i)
                    .isEqualTo(valid ? "accepted" : "rejected");
        }
    }

    @Property(tries = 200)
    void rawBytesAreNever202NorAServerError(@ForAll byte[] body, @ForAll("paths") String path) {
        Http.Answer answer = http.post(path, token, "application/json", body);

        assertNoServerErrorNorEcho(answer);
        assertThat(answer.status()).isNotEqualTo(202);
    }

    @Property(tries = 300)
    void oddHeadersAndPathsAreRefusedWithoutAServerError(
            @ForAll("methods") String method,
            @ForAll("paths") String path,
            @ForAll("authorizations") String authorization,
            @ForAll("contentTypes") String contentType,
            @ForAll("checkInBodies") String body) {
        Map<String, String> headers = new HashMap<>();
        if (!authorization.isEmpty()) {
            headers.put("Authorization", authorization);
        }
        if (!contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
        Http.Answer answer = http.send(method, path, headers, body.getBytes(StandardCharsets.UTF_8));

        assertNoServerErrorNorEcho(answer);
        boolean validToken = authorization.equals("Bearer " + token) || authorization.equals("bearer " + token);
        if (!(method.equals("POST")
                && validToken
                && validator
                        .clientCheckIn(body.getBytes(StandardCharsets.UTF_8), user)
                        .isValid())) {
            assertThat(answer.status()).isNotEqualTo(202);
        }
        if (method.equals("POST") && path.equals("/v1/check-ins") && !validToken) {
            assertThat(answer.status()).as("a check-in without a valid token").isEqualTo(401);
        }
    }

    private static void assertNoServerErrorNorEcho(Http.Answer answer) {
        assertThat(answer.status()).as("status (%s)", answer.body()).isBetween(200, 499);
        assertThat(answer.body()).as("response body").doesNotContain(MARKER);
        answer.headers()
                .forEach((name, values) ->
                        assertThat(values).as("header " + name).noneMatch(value -> value.contains(MARKER)));
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> checkInBodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, mutatedCheckIns()),
                Tuple.of(3, validCheckIns().map(IngestApiFuzzProperties::write)),
                Tuple.of(2, jsonTrees().map(IngestApiFuzzProperties::write)),
                Tuple.of(1, markedStrings()),
                Tuple.of(1, mutatedCheckIns().map(s -> s.substring(0, s.length() / 2))));
    }

    @Provide
    Arbitrary<String> journalBodies() {
        Arbitrary<ObjectNode> valid = Combinators.combine(recentTimes(), markedStrings())
                .as((time, text) -> {
                    ObjectNode entry = JsonNodeFactory.instance.objectNode();
                    entry.put("eventId", UUID.randomUUID().toString());
                    entry.put("occurredAt", time);
                    entry.put("text", text);
                    return entry;
                });
        return Arbitraries.oneOf(
                valid.map(IngestApiFuzzProperties::write),
                Combinators.combine(
                                valid,
                                fieldNames(List.of("eventId", "occurredAt", "text", "thoughtRecord")),
                                jsonValues())
                        .as((entry, field, value) -> write(entry.set(field, value))),
                jsonTrees().map(IngestApiFuzzProperties::write));
    }

    @Provide
    Arbitrary<List<String>> batchItems() {
        return Arbitraries.oneOf(mutatedCheckIns(), validCheckIns().map(IngestApiFuzzProperties::write))
                .list()
                .ofMinSize(1)
                .ofMaxSize(10)
                // A batch item that is not an object at all is a schema error of the envelope, a 400.
                .filter(items -> items.stream().allMatch(item -> item.startsWith("{")));
    }

    private Arbitrary<String> mutatedCheckIns() {
        List<String> fields = List.of(
                "eventId",
                "occurredAt",
                "context",
                "distress",
                "triggers",
                "behaviors",
                "coping",
                "note",
                "userId",
                "receivedAt",
                "unknown");
        Arbitrary<String> replaced = Combinators.combine(validCheckIns(), fieldNames(fields), jsonValues())
                .as((checkIn, field, value) -> write(checkIn.deepCopy().set(field, value)));
        Arbitrary<String> removed = Combinators.combine(validCheckIns(), fieldNames(fields))
                .as((checkIn, field) -> write(checkIn.deepCopy().without(field)));
        Arbitrary<String> nested = Combinators.combine(
                        validCheckIns(), jsonValues(), Arbitraries.of("category", "tiedToPast", "type", "count"))
                .as((checkIn, value, field) -> {
                    ObjectNode copy = checkIn.deepCopy();
                    ((ObjectNode) copy.withArray("triggers").addObject()).set(field, value);
                    ((ObjectNode) copy.withArray("behaviors").addObject()).set(field, value);
                    return write(copy);
                });
        return Arbitraries.oneOf(replaced, removed, nested);
    }

    private Arbitrary<ObjectNode> validCheckIns() {
        Arbitrary<Integer> distress = Arbitraries.integers().between(0, 10);
        Arbitrary<String> context = Arbitraries.of("ROMANTIC", "FAMILY", "FRIENDSHIP", "WORK", "OTHER");
        Arbitrary<String> note = markedStrings().map(s -> s.length() > 2000 ? s.substring(0, 2000) : s);
        return Combinators.combine(
                        recentTimes(),
                        context,
                        distress,
                        note,
                        Arbitraries.integers().between(1, 100))
                .as((time, ctx, level, text, count) -> {
                    ObjectNode checkIn = JsonNodeFactory.instance.objectNode();
                    checkIn.put("eventId", UUID.randomUUID().toString());
                    checkIn.put("occurredAt", time);
                    checkIn.put("context", ctx);
                    checkIn.put("distress", level);
                    checkIn.putArray("triggers")
                            .addObject()
                            .put("category", "PLANS_CHANGED")
                            .put("tiedToPast", true);
                    checkIn.putArray("behaviors")
                            .addObject()
                            .put("type", "SOUGHT_REASSURANCE")
                            .put("count", count);
                    checkIn.putArray("coping").add("SELF_CARE");
                    checkIn.put("note", text);
                    return checkIn;
                });
    }

    /** Times well inside the accepted range (more than 5 minutes old, less than 90 days), in many offsets. */
    private static Arbitrary<String> recentTimes() {
        return Combinators.combine(
                        Arbitraries.longs().between(10, 80L * 24 * 60),
                        Arbitraries.integers().between(-12, 14))
                .as((minutesAgo, hours) -> OffsetDateTime.now(ZoneOffset.ofHours(hours))
                        .minusMinutes(minutesAgo)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
    }

    /** Any string (unicode included, up to huge), with the marker and a number inside. */
    private static Arbitrary<String> markedStrings() {
        Arbitrary<String> text = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.strings().ofMaxLength(40)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(200)),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withChars("Zé€😀\u0000\u202e\"\\<>")
                                .ofMinLength(3000)
                                .ofMaxLength(10_000)));
        return Combinators.combine(text, Arbitraries.integers().between(0, 9999))
                .as((s, n) -> s + MARKER + n + s);
    }

    private static Arbitrary<JsonNode> jsonValues() {
        return Arbitraries.oneOf(
                markedStrings().map(s -> (JsonNode) JsonNodeFactory.instance.textNode(s)),
                Arbitraries.integers().map(i -> (JsonNode) JsonNodeFactory.instance.numberNode(i)),
                Arbitraries.doubles().map(d -> (JsonNode) JsonNodeFactory.instance.numberNode(d)),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(30), BigInteger.TEN.pow(60))
                        .map(b -> (JsonNode) JsonNodeFactory.instance.numberNode(b)),
                Arbitraries.of(
                        JsonNodeFactory.instance.nullNode(),
                        JsonNodeFactory.instance.booleanNode(true),
                        JsonNodeFactory.instance.arrayNode(),
                        JsonNodeFactory.instance.objectNode()),
                Arbitraries.of("ROMANTIC", "OTHER", "SELF_CARE", "PLANS_CHANGED", "CONTROLLED")
                        .map(s -> (JsonNode) JsonNodeFactory.instance.textNode(s)));
    }

    private static Arbitrary<JsonNode> jsonTrees() {
        return jsonTrees(4);
    }

    /** JSON values nested up to {@code depth} arrays or objects deep. */
    private static Arbitrary<JsonNode> jsonTrees(int depth) {
        if (depth == 0) {
            return jsonValues();
        }
        Arbitrary<JsonNode> inner = jsonTrees(depth - 1);
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(items -> {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(
                        fieldNames(List.of(
                                "eventId", "occurredAt", "context", "distress", "note", "triggers", "behaviors")),
                        inner)
                .as(Tuple::of)
                .list()
                .ofMaxSize(5)
                .map(entries -> {
                    ObjectNode object = JsonNodeFactory.instance.objectNode();
                    entries.forEach(entry -> object.set(entry.get1(), entry.get2()));
                    return object;
                });
        return Arbitraries.oneOf(jsonValues(), arrays, objects);
    }

    /**
     * Known names or any others. Unmarked: an unknown field is named in the error's {@code field}
     * (when it is at most 64 of {@code [A-Za-z0-9_$-]}, else as {@code *}) so the client can find it;
     * that is the client's own key, not a value.
     */
    private static Arbitrary<String> fieldNames(List<String> known) {
        return Arbitraries.oneOf(Arbitraries.of(known), Arbitraries.strings().ofMaxLength(80));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS");
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "/v1/check-ins",
                        "/v1/check-ins",
                        "/v1/journal-entries",
                        "/v1/check-ins/batch",
                        "/v1/check-ins/",
                        "/v1//check-ins",
                        "/V1/CHECK-INS",
                        "/v1/check-ins/../check-ins",
                        "/v1/check-ins?x=" + MARKER,
                        "/v1/%2e%2e/metrics",
                        "/v1/check-ins%00",
                        "/metrics",
                        "/",
                        "/health/ready",
                        "/v1/users/" + MARKER + "/progress",
                        "/openapi.json"),
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars("-_.~")
                        .ofMaxLength(30)
                        .map(s -> "/v1/" + s + MARKER));
    }

    @Provide
    Arbitrary<String> authorizations() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "Bearer " + token,
                        "Bearer " + token,
                        "",
                        "Bearer",
                        "Bearer ",
                        "bearer " + token,
                        "Basic dXNlcjpwYXNz",
                        "Bearer " + token + "x",
                        "Bearer " + token.substring(0, token.length() / 2),
                        "Bearer " + token + " " + token,
                        "Bearer a.b.c",
                        "Bearer ..."),
                Arbitraries.strings()
                        .ascii()
                        .ofMaxLength(200)
                        .filter(s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f))
                        .map(s -> "Bearer " + s.trim() + MARKER));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(
                "application/json",
                "application/json",
                "application/json; charset=utf-8",
                "",
                "text/plain",
                "application/json; charset=latin1",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/problem+json",
                "application/" + MARKER + "+json",
                "*/*",
                "application/json; charset=" + MARKER);
    }

    private static String write(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
