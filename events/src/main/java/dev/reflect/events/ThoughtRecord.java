package dev.reflect.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A CBT thought record: an automatic thought examined against the evidence. Beliefs are 0..100;
 * a fall from {@code beliefBefore} to {@code beliefAfter} is progress. The reasoning fields are
 * optional, and an absent one is left out of the JSON rather than written as null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThoughtRecord(
        String automaticThought,
        String evidenceFor,
        String evidenceAgainst,
        String balancedThought,
        int beliefBefore,
        int beliefAfter) {

    /** beliefAfter - beliefBefore: negative means the thought lost its grip. */
    public int beliefShift() {
        return beliefAfter - beliefBefore;
    }
}
