package dev.reflect.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.reflect.events.Topics;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.system.support.CheckIns;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.LogCapture;
import dev.reflect.system.support.Services;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who gets in, across both services over HTTP: the ingest service and the query service in
 * production mode (RS256 tokens checked against a JWKS), and an ingest service in the default
 * HS256 mode. Each forged, stale or incomplete token is refused with 401; reading someone else's
 * progress is refused with 403 unless the reader is a clinician that person shares with (contract
 * §8: the clinician scope alone reads nobody), and a caseload is a clinician's only; the genuine
 * tokens pass (the control rows, without which a service refusing everything would pass too). Meanwhile every log line of the
 * JVM is captured, the services' own at DEBUG, and must hold no token, key or secret.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthMatrixIT {

    private static final String KEY_ID = "reflect-signing-key";

    private final String owner = "u-" + UUID.randomUUID();
    private final String other = "u-" + UUID.randomUUID();
    private final String sharedClinician = "c-" + UUID.randomUUID();
    private final byte[] hsSecret = Services.newSecret();
    private final List<String> tokensUsed = new ArrayList<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private RSAKey signingKey;
    private RSAKey attackerKey;
    private LogCapture logs;
    private Http ingest;
    private Http query;
    private Http hsIngest;

    /** Which service and request a row is about. */
    enum Target {
        INGEST,
        QUERY_OWN_PROGRESS,
        QUERY_OWNERS_PROGRESS,
        QUERY_CASELOAD,
        HS_INGEST
    }

    @BeforeAll
    void start(KafkaCluster kafka, @TempDir Path dir) throws JOSEException, IOException {
        logs = new LogCapture(List.of("dev.reflect", "io.javalin", "com.nimbusds"));
        signingKey = new RSAKeyGenerator(2048).keyID(KEY_ID).generate();
        // The attacker's key claims the same key id: only the signature can tell them apart.
        attackerKey = new RSAKeyGenerator(2048).keyID(KEY_ID).generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(signingKey.toPublicJWK()).toString());
        JwtSettings production = JwtSettings.jwks(jwks.toString());

        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        IngestApp ingestApp =
                Services.startIngest(kafka.bootstrapServers(), production, Duration.ofSeconds(10), RateLimit.OFF);
        running.add(ingestApp);
        IngestApp hsIngestApp = Services.startIngest(
                kafka.bootstrapServers(), JwtSettings.hs256(hsSecret), Duration.ofSeconds(10), RateLimit.OFF);
        running.add(hsIngestApp);
        StreamsApp streams = StreamsApp.create(Services.streams(
                        kafka.bootstrapServers(),
                        Map.of(),
                        production,
                        "reflect-auth-" + UUID.randomUUID(),
                        dir.resolve("state")))
                .start();
        running.add(streams);
        ingest = new Http(ingestApp.port());
        hsIngest = new Http(hsIngestApp.port());
        query = new Http(streams.port());
        Services.awaitRunning(streams);

        // The owner has data, so that an authorised read is a 200 and not a 404.
        assertThat(ingest.postJson("/v1/check-ins", rs256(claims(owner)), checkInBody())
                        .status())
                .isEqualTo(202);
        // The owner shares with one clinician, whose reads are then the authorised control rows.
        assertThat(ingest.send(
                                "PUT",
                                "/v1/me/sharing/" + sharedClinician,
                                Map.of("Authorization", bearer(rs256(claims(owner)))),
                                null)
                        .status())
                .isEqualTo(204);
        String clinician = rs256(claims(sharedClinician).claim("scope", "reflect:clinician"));
        await("the owner's check-in is queryable by the clinician they share with")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> query.get("/v1/users/" + owner + "/progress?days=1", clinician)
                                .status()
                        == 200);
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    /** A row: a name, the token (null for none, or a raw Authorization value), and the expected status per target. */
    record Row(String name, Function<AuthMatrixIT, String> authorization, Map<Target, Integer> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> matrix() {
        List<Row> rows = List.of(
                new Row(
                        "genuine RS256 token of the owner",
                        t -> bearer(t.rs256(t.claims(t.owner))),
                        Map.of(
                                Target.INGEST,
                                202,
                                Target.QUERY_OWN_PROGRESS,
                                200,
                                Target.QUERY_OWNERS_PROGRESS,
                                200,
                                Target.QUERY_CASELOAD,
                                403,
                                Target.HS_INGEST,
                                401)),
                new Row(
                        "genuine RS256 token of another user, no clinician scope",
                        t -> bearer(t.rs256(t.claims(t.other))),
                        Map.of(
                                Target.QUERY_OWN_PROGRESS,
                                404,
                                Target.QUERY_OWNERS_PROGRESS,
                                403,
                                Target.QUERY_CASELOAD,
                                403)),
                new Row(
                        "genuine RS256 token of the clinician the owner shares with",
                        t -> bearer(t.rs256(t.claims(t.sharedClinician).claim("scope", "reflect:clinician"))),
                        Map.of(Target.QUERY_OWNERS_PROGRESS, 200, Target.QUERY_CASELOAD, 200)),
                new Row(
                        "genuine RS256 token of a clinician the owner does not share with",
                        t -> bearer(t.rs256(t.claims("c-" + UUID.randomUUID()).claim("scope", "reflect:clinician"))),
                        Map.of(Target.QUERY_OWNERS_PROGRESS, 403, Target.QUERY_CASELOAD, 200)),
                new Row(
                        "the shared clinician's id without the clinician scope",
                        t -> bearer(t.rs256(t.claims(t.sharedClinician))),
                        Map.of(Target.QUERY_OWNERS_PROGRESS, 403, Target.QUERY_CASELOAD, 403)),
                new Row(
                        "genuine HS256 token",
                        t -> bearer(t.hs256(t.hsSecret, t.claims(t.owner))),
                        Map.of(Target.HS_INGEST, 202, Target.INGEST, 401, Target.QUERY_OWN_PROGRESS, 401)),
                new Row(
                        "alg none",
                        t -> bearer(t.keep(new PlainJWT(t.claims(t.owner).build()).serialize())),
                        allRefused(401)),
                new Row(
                        "alg none claiming the clinician scope",
                        t -> bearer(t.keep(new PlainJWT(t.claims(t.other)
                                        .claim("scope", "reflect:clinician")
                                        .build())
                                .serialize())),
                        allRefused(401)),
                new Row(
                        "HS256 keyed with the RS256 public key (algorithm confusion)",
                        t -> bearer(t.hs256(t.publicKeyBytes(), t.claims(t.owner))),
                        allRefused(401)),
                new Row(
                        "HS256 keyed with the public JWK's JSON (algorithm confusion)",
                        t -> bearer(t.hs256(
                                t.signingKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                                t.claims(t.owner))),
                        allRefused(401)),
                new Row(
                        "RS256 signed by another key under the same key id",
                        t -> bearer(t.sign(t.attackerKey, t.claims(t.owner))),
                        allRefused(401)),
                new Row(
                        "HS256 signed with another secret",
                        t -> bearer(t.hs256(Services.newSecret(), t.claims(t.owner))),
                        allRefused(401)),
                new Row(
                        "RS256 with its signature cut off",
                        t -> {
                            String token = t.rs256(t.claims(t.owner));
                            return "Bearer " + token.substring(0, token.lastIndexOf('.') + 1);
                        },
                        allRefused(401)),
                new Row(
                        "payload swapped into a genuine signature",
                        t -> {
                            String[] genuine = t.rs256(t.claims(t.other)).split("\\.");
                            String[] forged = t.rs256(t.claims(t.owner).claim("scope", "reflect:clinician"))
                                    .split("\\.");
                            return "Bearer " + genuine[0] + "." + forged[1] + "." + genuine[2];
                        },
                        allRefused(401)),
                new Row(
                        "expired an hour ago",
                        t -> bearer(t.rs256(t.claims(t.owner)
                                .expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1)))))),
                        allRefused(401)),
                new Row(
                        "not valid for another hour",
                        t -> bearer(t.rs256(t.claims(t.owner)
                                .notBeforeTime(Date.from(Instant.now().plus(Duration.ofHours(1)))))),
                        allRefused(401)),
                new Row(
                        "no expiry",
                        t -> bearer(t.rs256(
                                new JWTClaimsSet.Builder().subject(t.owner).issueTime(Date.from(Instant.now())))),
                        allRefused(401)),
                new Row("no subject", t -> bearer(t.rs256(t.claims(t.owner).subject(null))), allRefused(401)),
                new Row("empty subject", t -> bearer(t.rs256(t.claims(""))), allRefused(401)),
                new Row("no Authorization header", t -> null, allRefused(401)),
                new Row(
                        "Basic credentials",
                        t -> "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((t.owner + ":password").getBytes(StandardCharsets.UTF_8)),
                        allRefused(401)),
                new Row("garbage bearer", t -> "Bearer not.a.token", allRefused(401)));
        List<Arguments> arguments = new ArrayList<>();
        for (Row row : rows) {
            row.expected().forEach((target, status) -> arguments.add(Arguments.of(row, target, status)));
        }
        return arguments.stream();
    }

    private static Map<Target, Integer> allRefused(int status) {
        return Map.of(
                Target.INGEST,
                status,
                Target.QUERY_OWN_PROGRESS,
                status,
                Target.QUERY_OWNERS_PROGRESS,
                status,
                Target.QUERY_CASELOAD,
                status,
                Target.HS_INGEST,
                status);
    }

    @Order(1)
    @ParameterizedTest(name = "{0} -> {1} answers {2}")
    @MethodSource("matrix")
    void eachTokenGetsTheRightStatus(Row row, Target target, int expected) {
        String authorization = row.authorization().apply(this);
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        Http.Answer answer = switch (target) {
            case INGEST ->
                ingest.send(
                        "POST",
                        "/v1/check-ins",
                        withJson(headers),
                        checkInBody().getBytes(StandardCharsets.UTF_8));
            case HS_INGEST ->
                hsIngest.send(
                        "POST",
                        "/v1/check-ins",
                        withJson(headers),
                        checkInBody().getBytes(StandardCharsets.UTF_8));
            case QUERY_OWN_PROGRESS -> query.send("GET", "/v1/me/progress?days=7", headers, null);
            case QUERY_OWNERS_PROGRESS -> query.send("GET", "/v1/users/" + owner + "/progress?days=7", headers, null);
            case QUERY_CASELOAD -> query.send("GET", "/v1/caseload", headers, null);
        };

        assertThat(answer.status()).as("%s at %s", row, target).isEqualTo(expected);
        if (expected == 401 || expected == 403) {
            assertThat(answer.header("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body()).doesNotContain(owner).doesNotContain(other);
            if (authorization != null) {
                assertThat(answer.body()).doesNotContain(authorization.substring(authorization.indexOf(' ') + 1));
            }
        }
        if (target == Target.QUERY_CASELOAD && expected == 200) {
            boolean sharesWithReader = sharedClinician.equals(subjectOf(authorization));
            assertThat(answer.body().contains(owner))
                    .as("the owner is on the caseload of exactly the clinician they share with")
                    .isEqualTo(sharesWithReader);
        }
        if (expected == 401) {
            assertThat(answer.header("WWW-Authenticate"))
                    .as("WWW-Authenticate on a 401")
                    .isPresent();
        }
    }

    @Order(2)
    @Test
    void noPathTrickOrGrantOnSomeoneElsesBehalfLetsAClinicianReadWhoDoesNotShareWithThem() {
        String attacker = "c-" + UUID.randomUUID();
        Map<String, String> asAttacker =
                Map.of("Authorization", bearer(rs256(claims(attacker).claim("scope", "reflect:clinician"))));
        // Grants are made by the person, from their own token: there is no path to grant for another.
        for (String path : List.of(
                "/v1/users/" + owner + "/sharing/" + attacker,
                "/v1/me/sharing/" + attacker + "?userId=" + owner,
                "/v1/me/../users/" + owner + "/sharing/" + attacker)) {
            Http.Answer grant = ingest.send("PUT", path, asAttacker, null);
            assertThat(grant.status()).as("PUT %s", path).isIn(204, 400, 404, 405);
        }
        List<String> tricks = List.of(
                "/v1/users/" + owner + "/progress?days=7",
                "/v1/users/" + owner + "/progress/",
                "/v1/users/%75" + owner.substring(1) + "/progress",
                "/v1/users/" + owner + "%00/progress",
                "/v1/users/" + owner + "%2Fprogress",
                "/v1/users/x/../" + owner + "/progress",
                "/v1/me/../users/" + owner + "/progress",
                "/v1/users/" + owner + "/escalation",
                "/v1/users/" + owner + "/entries",
                "/v1/users/" + owner + "/progress?userId=" + attacker,
                "/v1/users/" + owner.toUpperCase(java.util.Locale.ROOT) + "/progress");
        for (String path : tricks) {
            Http.Answer answer = query.send("GET", path, asAttacker, null);
            assertThat(answer.status()).as("GET %s", path).isIn(400, 403, 404);
            assertThat(answer.body()).as("GET %s", path).doesNotContain(owner).doesNotContain("\"days\"");
        }
        Http.Answer seen = query.send("POST", "/v1/caseload/" + owner + "/alerts/seen", asAttacker, null);
        assertThat(seen.status())
                .as("marking someone else's patient's alerts seen")
                .isEqualTo(403);
        Http.Answer caseload = query.send("GET", "/v1/caseload", asAttacker, null);
        assertThat(caseload.status()).isEqualTo(200);
        assertThat(caseload.body()).as("the attacker's caseload").doesNotContain(owner);
    }

    @Order(3)
    @Test
    void noTokenKeyOrSecretWasEverLogged() {
        List<String> lines = logs.lines();
        System.out.println("Auth matrix: " + lines.size() + " log lines captured, " + tokensUsed.size()
                + " tokens checked against them");
        assertThat(lines).as("log lines captured").isNotEmpty();
        List<String> secrets = new ArrayList<>();
        for (String token : tokensUsed) {
            secrets.add(token);
            // A logged payload or signature alone is as bad as the whole token.
            for (String part : token.split("\\.")) {
                if (part.length() >= 16) {
                    secrets.add(part);
                }
            }
        }
        secrets.add(new String(hsSecret, StandardCharsets.UTF_8));
        secrets.add(Base64.getEncoder().encodeToString(hsSecret));
        secrets.add(signingKey.getPrivateExponent().toString());
        secrets.add(attackerKey.getPrivateExponent().toString());
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("a log line").doesNotContain(secret);
            }
        }
    }

    private static Map<String, String> withJson(Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }

    private static String subjectOf(String authorization) {
        try {
            return SignedJWT.parse(authorization.substring("Bearer ".length()))
                    .getJWTClaimsSet()
                    .getSubject();
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("not a signed token", e);
        }
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private String checkInBody() {
        return CheckIns.nth(1, owner, 1, OffsetDateTime.now(ZoneOffset.UTC)).json();
    }

    private JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(Instant.now()))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(30))));
    }

    private byte[] publicKeyBytes() {
        try {
            return signingKey.toRSAPublicKey().getEncoded();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String rs256(JWTClaimsSet.Builder claims) {
        return sign(signingKey, claims);
    }

    private String sign(RSAKey key, JWTClaimsSet.Builder claims) {
        try {
            return keep(signed(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID).build(), claims, new RSASSASigner(key)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hs256(byte[] secret, JWTClaimsSet.Builder claims) {
        try {
            return keep(signed(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY_ID).build(), claims, new MACSigner(secret)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signed(JWSHeader header, JWTClaimsSet.Builder claims, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** Remembers a token so that the log check looks for it. */
    private String keep(String token) {
        tokensUsed.add(token);
        return token;
    }
}
