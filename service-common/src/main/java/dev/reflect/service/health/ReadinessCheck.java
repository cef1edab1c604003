package dev.reflect.service.health;

import java.util.Optional;

/** Whether a dependency the service needs is usable right now. Must return within its own bound. */
@FunctionalInterface
public interface ReadinessCheck {

    boolean isReady();

    /**
     * When not ready, what an operator should know, for the readiness answer's {@code reason}: names
     * and causes, never a person's id or words. Empty when there is nothing more to say.
     */
    default Optional<String> reason() {
        return Optional.empty();
    }
}
