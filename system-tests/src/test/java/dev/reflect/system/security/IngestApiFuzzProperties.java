package dev.reflect.system.security;

import static dev.reflect.proptest.Gens.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Json;
import dev.reflect.events.validation.EventParser;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.proptest.Coverage;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.Gens.CharSet;
import dev.reflect.proptest.PropertyCheck;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

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

    @BeforeEach
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

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void aCheckInIsAcceptedExactlyWhenTheValidatorAcceptsIt() {
        // Both sides of "exactly when" must really be tried, or the property proves half of it.
        Coverage validity = Coverage.of("validity").atLeastPercent("valid", 10).atLeastPercent("invalid", 40);
        PropertyCheck.tries(400).withCoverage(validity).forAll(checkInBodies(), body -> {
            Http.Answer answer = http.postJson("/v1/check-ins", token, body);

            assertNoServerErrorNorEcho(answer);
            boolean valid = validator
                    .clientCheckIn(body.getBytes(StandardCharsets.UTF_8), user)
                    .isValid();
            assertThat(answer.status())
                    .as("status for a body the validator finds %s", valid ? "valid" : "invalid")
                    .isEqualTo(valid ? 202 : 400);
            validity.collect(valid ? "valid" : "invalid");
        });
    }

    @Test
    void aJournalEntryIsAcceptedExactlyWhenTheValidatorAcceptsIt() {
        Coverage validity = Coverage.of("validity").atLeastPercent("valid", 10).atLeastPercent("invalid", 20);
        PropertyCheck.tries(200).withCoverage(validity).forAll(journalBodies(), body -> {
            Http.Answer answer = http.postJson("/v1/journal-entries", token, body);

            assertNoServerErrorNorEcho(answer);
            boolean valid = validator
                    .clientJournalEntry(body.getBytes(StandardCharsets.UTF_8), user)
                    .isValid();
            assertThat(answer.status()).isEqualTo(valid ? 202 : 400);
            validity.collect(valid ? "valid" : "invalid");
        });
    }

    @Test
    void aBatchAcceptsExactlyTheItemsTheValidatorAccepts() {
        PropertyCheck.tries(150).forAll(batchItems(), this::acceptsExactlyTheValidItems);
    }

    private void acceptsExactlyTheValidItems(List<String> items) {
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

    @Test
    void rawBytesAreNever202NorAServerError() {
        PropertyCheck.tries(200).forAll(Gens.byteArrays(0, 255), paths(), (body, path) -> {
            Http.Answer answer = http.post(path, token, "application/json", body);

            assertNoServerErrorNorEcho(answer);
            assertThat(answer.status()).isNotEqualTo(202);
        });
    }

    @Test
    void oddHeadersAndPathsAreRefusedWithoutAServerError() {
        PropertyCheck.tries(300)
                .forAll(methods(), paths(), authorizations(), contentTypes(), checkInBodies(), this::refusedSafely);
    }

    private void refusedSafely(String method, String path, String authorization, String contentType, String body) {
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

    private Gen<String> checkInBodies() {
        return Gens.frequency(
                weighted(3, mutatedCheckIns()),
                weighted(3, validCheckIns().map(IngestApiFuzzProperties::write)),
                weighted(2, jsonTrees().map(IngestApiFuzzProperties::write)),
                weighted(1, markedStrings()),
                weighted(1, mutatedCheckIns().map(s -> s.substring(0, s.length() / 2))));
    }

    private Gen<String> journalBodies() {
        Gen<ObjectNode> valid = recentTimes().zip(markedStrings(), Gens.uuids(), (time, text, eventId) -> {
            ObjectNode entry = JsonNodeFactory.instance.objectNode();
            entry.put("eventId", eventId.toString());
            entry.put("occurredAt", time);
            entry.put("text", text);
            return entry;
        });
        return Gens.oneOf(
                valid.map(IngestApiFuzzProperties::write),
                valid.zip(
                        fieldNames(List.of("eventId", "occurredAt", "text", "thoughtRecord")),
                        jsonValues(),
                        (entry, field, value) -> write(entry.set(field, value))),
                jsonTrees().map(IngestApiFuzzProperties::write));
    }

    private Gen<List<String>> batchItems() {
        return Gens.lists(
                Gens.oneOf(mutatedCheckIns(), validCheckIns().map(IngestApiFuzzProperties::write))
                        // A batch item that is not an object at all is a schema error of the envelope, a 400.
                        .assuming(item -> item.startsWith("{")),
                1,
                10);
    }

    private Gen<String> mutatedCheckIns() {
        List<String> fields = new ArrayList<>(CheckIn.FIELDS);
        fields.add("unknown");
        Gen<String> replaced = validCheckIns()
                .zip(
                        fieldNames(fields),
                        jsonValues(),
                        (checkIn, field, value) -> write(checkIn.deepCopy().set(field, value)));
        Gen<String> removed = validCheckIns()
                .zip(
                        fieldNames(fields),
                        (checkIn, field) -> write(checkIn.deepCopy().without(field)));
        Gen<String> nested = validCheckIns()
                .zip(jsonValues(), Gens.of("category", "tiedToPast", "type", "count"), (checkIn, value, field) -> {
                    ObjectNode copy = checkIn.deepCopy();
                    copy.withArray("triggers").addObject().set(field, value);
                    copy.withArray("behaviors").addObject().set(field, value);
                    return write(copy);
                });
        return Gens.oneOf(replaced, removed, nested);
    }

    private Gen<ObjectNode> validCheckIns() {
        Gen<Integer> distress = Gens.ints(0, 10);
        Gen<String> context = Gens.of("ROMANTIC", "FAMILY", "FRIENDSHIP", "WORK", "OTHER");
        Gen<String> note = markedStrings().map(s -> s.length() > 2000 ? s.substring(0, 2000) : s);
        Gen<String> times = recentTimes();
        Gen<Integer> counts = Gens.ints(1, 100);
        Gen<UUID> eventIds = Gens.uuids();
        return in -> {
            String time = times.generate(in);
            String ctx = context.generate(in);
            int level = distress.generate(in);
            String text = note.generate(in);
            int count = counts.generate(in);
            ObjectNode checkIn = JsonNodeFactory.instance.objectNode();
            checkIn.put("eventId", eventIds.generate(in).toString());
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
        };
    }

    /** Times well inside the accepted range (more than 5 minutes old, less than 90 days), in many offsets. */
    private static Gen<String> recentTimes() {
        return Gens.longs(10, 80L * 24 * 60)
                .zip(
                        Gens.ints(-12, 14),
                        (minutesAgo, hours) -> OffsetDateTime.now(ZoneOffset.ofHours(hours))
                                .minusMinutes(minutesAgo)
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString());
    }

    /** Any string (unicode included, up to huge), with the marker and a number inside. */
    private static Gen<String> markedStrings() {
        Gen<String> text = Gens.frequency(
                weighted(5, Gens.strings(0, 40)),
                weighted(3, Gens.strings(CharSet.all(), 0, 200)),
                weighted(1, Gens.strings(CharSet.of("Zé€😀\u0000\u202e\"\\<>"), 3000, 10_000)));
        return text.zip(Gens.ints(0, 9999), (s, n) -> s + MARKER + n + s);
    }

    private static Gen<JsonNode> jsonValues() {
        return Gens.oneOf(
                markedStrings().map(s -> (JsonNode) JsonNodeFactory.instance.textNode(s)),
                Gens.ints().map(i -> (JsonNode) JsonNodeFactory.instance.numberNode(i)),
                Gens.doubles().map(d -> (JsonNode) JsonNodeFactory.instance.numberNode(d)),
                Gens.bigIntegers(BigInteger.TEN.pow(30), BigInteger.TEN.pow(60))
                        .map(b -> (JsonNode) JsonNodeFactory.instance.numberNode(b)),
                Gens.<JsonNode>of(
                        JsonNodeFactory.instance.nullNode(),
                        JsonNodeFactory.instance.booleanNode(true),
                        JsonNodeFactory.instance.arrayNode(),
                        JsonNodeFactory.instance.objectNode()),
                Gens.of("ROMANTIC", "OTHER", "SELF_CARE", "PLANS_CHANGED", "CONTROLLED")
                        .map(s -> (JsonNode) JsonNodeFactory.instance.textNode(s)));
    }

    private static Gen<JsonNode> jsonTrees() {
        return jsonTrees(4);
    }

    /** JSON values nested up to {@code depth} arrays or objects deep. */
    private static Gen<JsonNode> jsonTrees(int depth) {
        if (depth == 0) {
            return jsonValues();
        }
        Gen<JsonNode> inner = jsonTrees(depth - 1);
        Gen<JsonNode> arrays = Gens.lists(inner, 0, 4).map(items -> {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Gen<Map.Entry<String, JsonNode>> entries = fieldNames(
                        List.of("eventId", "occurredAt", "context", "distress", "note", "triggers", "behaviors"))
                .zip(inner, Map::entry);
        Gen<JsonNode> objects = Gens.lists(entries, 0, 5).map(list -> {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            list.forEach(entry -> object.set(entry.getKey(), entry.getValue()));
            return object;
        });
        return Gens.oneOf(jsonValues(), arrays, objects);
    }

    /**
     * Known names or any others. Unmarked: an unknown field is named in the error's {@code field}
     * (when it is at most 64 of {@code [A-Za-z0-9_$-]}, else as {@code *}) so the client can find it;
     * that is the client's own key, not a value.
     */
    private static Gen<String> fieldNames(List<String> known) {
        return Gens.oneOf(Gens.of(known), Gens.strings(0, 80));
    }

    private static Gen<String> methods() {
        return Gens.of("POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS");
    }

    private static Gen<String> paths() {
        return Gens.oneOf(
                Gens.of(
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
                Gens.strings(CharSet.alpha().with(CharSet.numeric()).with("-_.~"), 0, 30)
                        .map(s -> "/v1/" + s + MARKER));
    }

    private Gen<String> authorizations() {
        return Gens.oneOf(
                Gens.of(
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
                // Printable ASCII: jqwik drew ASCII and kept the printable strings; the same values.
                Gens.strings(CharSet.none().range('\u0020', '\u007e'), 0, 200).map(s -> "Bearer " + s.trim() + MARKER));
    }

    private static Gen<String> contentTypes() {
        return Gens.of(
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
}
