package dev.reflect.service.health;

/** Whether a dependency the service needs is usable right now. Must return within its own bound. */
@FunctionalInterface
public interface ReadinessCheck {

    boolean isReady();
}
