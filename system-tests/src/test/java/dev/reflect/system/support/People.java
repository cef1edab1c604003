package dev.reflect.system.support;

import dev.reflect.service.auth.DevTokens;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/** A fault test's people: new user ids, each with a token of the test's secret. */
public record People(List<String> ids, Map<String, String> tokens) {

    public static People of(int count, byte[] secret) {
        List<String> ids = IntStream.range(0, count)
                .mapToObj(i -> "u-" + UUID.randomUUID())
                .toList();
        Map<String, String> tokens = new HashMap<>();
        ids.forEach(id -> tokens.put(id, DevTokens.mint(secret, id, false)));
        return new People(ids, Map.copyOf(tokens));
    }

    /** Check-ins of these people in turn ({@link CheckIns#nth}, over {@code days} local days), to the ingest service. */
    public LoadGenerator load(int ingestPort, int days) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new LoadGenerator(ingestPort, n -> {
            String user = ids.get(n % ids.size());
            return new LoadGenerator.Submission(CheckIns.nth(n, user, days, now), tokens.get(user));
        });
    }
}
