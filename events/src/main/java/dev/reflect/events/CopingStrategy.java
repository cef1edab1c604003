package dev.reflect.events;

/** What helped (contract section 2). */
public enum CopingStrategy {
    ACKNOWLEDGED_FEELINGS,
    SELF_CARE,
    OPEN_COMMUNICATION,
    SET_BOUNDARIES,
    CHALLENGED_THOUGHT,
    PROFESSIONAL_SUPPORT
}
