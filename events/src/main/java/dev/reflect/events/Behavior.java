package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What the person did and how many times; {@code count} defaults to 1. */
public record Behavior(BehaviorType type, int count) {

    public static final int DEFAULT_COUNT = 1;

    @JsonCreator
    public static Behavior of(
            @JsonProperty(value = "type", required = true) BehaviorType type, @JsonProperty("count") Integer count) {
        return new Behavior(type, count == null ? DEFAULT_COUNT : count);
    }
}
