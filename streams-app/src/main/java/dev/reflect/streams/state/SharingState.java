package dev.reflect.streams.state;

import dev.reflect.events.SharingChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Whom one person shares with (contract section 8): per clinician, whether the sharing holds,
 * since when, and how many of the person's alerts the clinician has seen. Kept in
 * {@link StateStores#SHARING} beside the person's {@link UserState}, by the same task.
 *
 * <p>Grants and revocations for one clinician are ordered by their {@code occurredAt} (then eventId),
 * not by arrival: the later change wins, so a grant delivered after the revocation that followed it
 * does not bring the sharing back. A revoked clinician's entry stays, inactive, to remember that.
 *
 * <p>Alerts are counted, not listed: {@link EscalationState#announcements()} only grows, so a
 * clinician's unseen alerts are those announced since they were granted or last saw them.
 *
 * @param clinicians by clinicianId, in id order
 */
public record SharingState(Map<String, Grant> clinicians) {

    /**
     * One clinician's standing with the person.
     *
     * @param active       whether the person shares with them now
     * @param changedAt    occurredAt of the grant or revocation that set {@code active}
     * @param changedBy    its eventId, which breaks ties between changes of the same instant
     * @param since        when the current sharing began (the first grant after a revocation)
     * @param alertsBefore how many alerts the person had had when the sharing began, or when the
     *     clinician last saw them, whichever is later: the unseen ones are those after it
     */
    public record Grant(boolean active, Instant changedAt, UUID changedBy, Instant since, int alertsBefore) {

        public Grant {
            Objects.requireNonNull(changedAt, "changedAt");
            Objects.requireNonNull(changedBy, "changedBy");
            Objects.requireNonNull(since, "since");
        }

        /** Alerts the clinician has not seen, of the {@code alertsNow} the person has had in all. */
        public int unseen(int alertsNow) {
            return active ? Math.max(0, alertsNow - alertsBefore) : 0;
        }

        boolean isAfter(Instant at, UUID eventId) {
            int byTime = changedAt.compareTo(at);
            return byTime > 0 || (byTime == 0 && changedBy.compareTo(eventId) >= 0);
        }
    }

    /** What a change did. */
    public enum Effect {
        /** The person shares with the clinician now and did not before. */
        STARTED,
        /** The person no longer shares with the clinician. */
        STOPPED,
        /** The clinician's seen alerts moved, or a repeated grant: the sharing itself is as it was. */
        UPDATED,
        /** Nothing: an older change than the one in force, or alerts seen by someone not shared with. */
        NONE
    }

    /** The outcome of {@link #apply}: the new state and what changed. */
    public record Applied(SharingState state, Effect effect) {}

    public SharingState {
        clinicians = Map.copyOf(clinicians);
    }

    public static SharingState none() {
        return new SharingState(Map.of());
    }

    /**
     * @param alertsNow how many alerts the person has had in all ({@link EscalationState#announcements()})
     */
    public Applied apply(SharingChange change, int alertsNow) {
        String clinicianId = change.clinicianId();
        Grant current = clinicians.get(clinicianId);
        Instant at = change.occurredAt().toInstant();
        return switch (change.action()) {
            case GRANT -> {
                if (current != null && current.isAfter(at, change.eventId())) {
                    yield new Applied(this, Effect.NONE);
                }
                if (current != null && current.active()) {
                    Grant renewed = new Grant(true, at, change.eventId(), current.since(), current.alertsBefore());
                    yield new Applied(with(clinicianId, renewed), Effect.UPDATED);
                }
                yield new Applied(
                        with(clinicianId, new Grant(true, at, change.eventId(), at, alertsNow)), Effect.STARTED);
            }
            case REVOKE -> {
                if (current != null && current.isAfter(at, change.eventId())) {
                    yield new Applied(this, Effect.NONE);
                }
                Grant revoked =
                        new Grant(false, at, change.eventId(), current == null ? at : current.since(), alertsNow);
                yield new Applied(
                        with(clinicianId, revoked), current != null && current.active() ? Effect.STOPPED : Effect.NONE);
            }
            case ALERTS_SEEN -> {
                if (current == null || !current.active() || current.alertsBefore() >= alertsNow) {
                    yield new Applied(this, Effect.NONE);
                }
                Grant seen = new Grant(true, current.changedAt(), current.changedBy(), current.since(), alertsNow);
                yield new Applied(with(clinicianId, seen), Effect.UPDATED);
            }
        };
    }

    public boolean sharesWith(String clinicianId) {
        Grant grant = clinicians.get(clinicianId);
        return grant != null && grant.active();
    }

    /** The clinicians the person shares with now, in id order. */
    public List<String> activeClinicians() {
        List<String> active = new ArrayList<>();
        new TreeMap<>(clinicians).forEach((id, grant) -> {
            if (grant.active()) {
                active.add(id);
            }
        });
        return active;
    }

    public Grant grant(String clinicianId) {
        return clinicians.get(clinicianId);
    }

    private SharingState with(String clinicianId, Grant grant) {
        Map<String, Grant> changed = new TreeMap<>(clinicians);
        changed.put(clinicianId, grant);
        return new SharingState(changed);
    }

    @Override
    public String toString() {
        return "SharingState[" + activeClinicians().size() + " active of " + clinicians.size() + "]";
    }
}
