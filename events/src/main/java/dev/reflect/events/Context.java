package dev.reflect.events;

/** The relationship a check-in is about (contract section 2). */
public enum Context {
    ROMANTIC,
    FAMILY,
    FRIENDSHIP,
    WORK,
    OTHER
}
