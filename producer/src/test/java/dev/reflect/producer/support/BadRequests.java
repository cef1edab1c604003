package dev.reflect.producer.support;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.reflect.service.auth.DevTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The battery of bad requests every ingest endpoint must refuse, with the status and (for 400)
 * the field the problem body must name. Shared by the in-process test and the IT, which also
 * checks that none of them reached Kafka.
 */
public final class BadRequests {

    /** Submitted text that must never come back in an error body. */
    public static final String PRIVATE_TEXT = "they must be seeing someone";

    public record BadRequest(
            String name, String path, String token, String contentType, byte[] body, int status, String field) {

        @Override
        public String toString() {
            return name;
        }
    }

    private BadRequests() {}

    public static List<BadRequest> all(byte[] secret, String userId) {
        String token = DevTokens.mint(secret, userId, false);
        String checkIn = Bodies.checkIn(UUID.randomUUID(), PRIVATE_TEXT);
        List<BadRequest> cases = new ArrayList<>();

        cases.add(json("malformed JSON", "/v1/check-ins", token, "{\"eventId\": ", 400, ""));
        cases.add(json(
                "wrong type",
                "/v1/check-ins",
                token,
                checkIn.replace("\"distress\": 7", "\"distress\": \"seven\""),
                400,
                "distress"));
        cases.add(json(
                "out of range",
                "/v1/check-ins",
                token,
                checkIn.replace("\"distress\": 7", "\"distress\": 11"),
                400,
                "distress"));
        cases.add(json(
                "out of range, nested",
                "/v1/check-ins",
                token,
                checkIn.replace("\"count\": 3", "\"count\": 0"),
                400,
                "behaviors[0].count"));
        cases.add(json(
                "unknown enum",
                "/v1/check-ins",
                token,
                checkIn.replace("\"ROMANTIC\"", "\"NEIGHBOURLY\""),
                400,
                "context"));
        cases.add(json(
                "unknown field",
                "/v1/check-ins",
                token,
                checkIn.replace("\"distress\": 7", "\"distress\": 7, \"mood\": 3"),
                400,
                "mood"));
        cases.add(json(
                "someone else's userId",
                "/v1/check-ins",
                token,
                checkIn.replace("\"distress\": 7", "\"distress\": 7, \"userId\": \"u-other\""),
                400,
                "userId"));
        cases.add(json(
                "journal belief out of range",
                "/v1/journal-entries",
                token,
                Bodies.journalEntry(UUID.randomUUID()).replace("\"beliefBefore\": 80", "\"beliefBefore\": 101"),
                400,
                "thoughtRecord.beliefBefore"));
        cases.add(json("batch not JSON", "/v1/check-ins/batch", token, "[{", 400, ""));
        cases.add(json("batch without checkIns", "/v1/check-ins/batch", token, "{\"items\": []}", 400, "checkIns"));
        cases.add(json(
                "batch over 500 items",
                "/v1/check-ins/batch",
                token,
                Bodies.batch(Collections.nCopies(501, checkIn).toArray(String[]::new)),
                400,
                "checkIns"));

        cases.add(json("missing auth", "/v1/check-ins", null, checkIn, 401, null));
        cases.add(json(
                "forged token",
                "/v1/check-ins",
                DevTokens.mint(
                        "a-forged-secret-a-forged-secret-forged".getBytes(StandardCharsets.UTF_8), userId, false),
                checkIn,
                401,
                null));
        cases.add(json(
                "expired token",
                "/v1/check-ins",
                DevTokens.mint(secret, userId, false, Instant.now().minus(Duration.ofHours(1))),
                checkIn,
                401,
                null));
        cases.add(json(
                "alg none",
                "/v1/check-ins",
                new PlainJWT(new JWTClaimsSet.Builder()
                                .subject(userId)
                                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                                .build())
                        .serialize(),
                checkIn,
                401,
                null));
        cases.add(json("batch without auth", "/v1/check-ins/batch", null, Bodies.batch(checkIn), 401, null));

        byte[] oversized = ("{\"note\": \"" + "x".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        cases.add(new BadRequest("oversized body", "/v1/check-ins", token, "application/json", oversized, 413, null));
        cases.add(new BadRequest(
                "oversized journal", "/v1/journal-entries", token, "application/json", oversized, 413, null));
        cases.add(new BadRequest(
                "wrong content type",
                "/v1/check-ins",
                token,
                "text/plain",
                checkIn.getBytes(StandardCharsets.UTF_8),
                415,
                null));
        cases.add(new BadRequest(
                "no content type",
                "/v1/journal-entries",
                token,
                null,
                checkIn.getBytes(StandardCharsets.UTF_8),
                415,
                null));
        cases.add(new BadRequest(
                "not UTF-8",
                "/v1/check-ins/batch",
                token,
                "application/json; charset=ISO-8859-1",
                Bodies.batch(checkIn).getBytes(StandardCharsets.UTF_8),
                415,
                null));
        return cases;
    }

    private static BadRequest json(String name, String path, String token, String body, int status, String field) {
        return new BadRequest(
                name, path, token, "application/json", body.getBytes(StandardCharsets.UTF_8), status, field);
    }
}
