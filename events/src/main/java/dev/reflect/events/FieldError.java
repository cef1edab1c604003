package dev.reflect.events;

/**
 * One validation problem: the JSON path of the field ({@code behaviors[1].count}) and the rule it
 * broke. Messages never repeat the submitted value, so user text cannot leak through an error.
 */
public record FieldError(String field, String message) {}
