package dev.reflect.simulator.ingest;

import dev.reflect.service.auth.DevTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HS256 token per simulated user ({@code sub} = the user id), as the people's own apps would
 * hold. A token lives {@link DevTokens#DEFAULT_TTL}; it is minted anew well before that, so a
 * simulator running for days never sends an expired one.
 */
public final class Tokens {

    private static final Duration REFRESH_AFTER = Duration.ofHours(1);

    private record Minted(String token, Instant at) {}

    private final byte[] secret;
    private final Clock clock;
    private final Map<String, Minted> tokens = new ConcurrentHashMap<>();

    public Tokens(byte[] secret, Clock clock) {
        this.secret = secret.clone();
        this.clock = clock;
    }

    public String forUser(String userId) {
        Instant now = clock.instant();
        return tokens.compute(
                        userId,
                        (id, minted) -> minted == null
                                        || minted.at().plus(REFRESH_AFTER).isBefore(now)
                                ? new Minted(DevTokens.mint(secret, id, false), now)
                                : minted)
                .token();
    }

    /** A token with the clinician scope, for reading anyone's progress (the demo prints one). */
    public String clinician(String clinicianId) {
        return DevTokens.mint(secret, clinicianId, true);
    }
}
