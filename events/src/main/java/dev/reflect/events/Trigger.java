package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One circumstance that set off mistrust; {@code tiedToPast} defaults to false. */
public record Trigger(
        @JsonProperty(value = "category", required = true) TriggerCategory category,
        @JsonProperty("tiedToPast") boolean tiedToPast) {}
