package dev.reflect.simulator.persona;

import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One simulated person: an id like {@code demo-07} (never a real name), who they are, the UTC
 * offset their phone reports (local days follow it, as for real users) and the seed of their own
 * random stream, so one user's events do not depend on how many others there are.
 */
public record SimulatedUser(String userId, Persona persona, ZoneOffset offset, long seed) {

    public SimulatedUser {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(persona, "persona");
        Objects.requireNonNull(offset, "offset");
    }
}
