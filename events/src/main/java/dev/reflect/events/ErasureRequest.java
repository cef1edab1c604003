package dev.reflect.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to erase a person, on {@code reflect.erasure-requests.v1} keyed by their userId:
 * written by {@code DELETE /v1/me} and the operator's {@code ./reflect erase}, carried out by the
 * streams task that holds the person, and tombstoned once done (the topic is compacted, so the
 * userId does not outlive the erasure).
 *
 * @param requestedAt when it was asked for: every event received up to then is erased
 */
public record ErasureRequest(Instant requestedAt) {

    public ErasureRequest {
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
