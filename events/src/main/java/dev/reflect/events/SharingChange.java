package dev.reflect.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A change between a person and a clinician (contract section 8), as the ingest and query services
 * write it to {@code reflect.sharing.v1} keyed by the person's userId: the person starts or stops
 * sharing with the clinician, or the clinician has seen the person's alerts. Carries ids and times
 * only, never a text.
 *
 * <p>{@code occurredAt} is the server's time of the change; when a grant and a revocation for the
 * same clinician arrive out of order, the later {@code occurredAt} (then the larger eventId) wins.
 */
public record SharingChange(
        UUID eventId, OffsetDateTime occurredAt, String clinicianId, Action action, String userId, Instant receivedAt)
        implements ReflectEvent {

    /** What changed. */
    public enum Action {
        /** The person shares with the clinician from now on. */
        GRANT,
        /** The person stops sharing with the clinician. */
        REVOKE,
        /** The clinician has seen the person's alerts so far (from their caseload). */
        ALERTS_SEEN
    }

    @Override
    public LocalDate localDay() {
        return occurredAt.toLocalDate();
    }

    @Override
    public String toString() {
        return "SharingChange[eventId=" + eventId + ", action=" + action + ", occurredAt=" + occurredAt + "]";
    }

    /** No free text: nothing is sealed. */
    @Override
    public java.util.Map<String, String> sealed() {
        return null;
    }
}
