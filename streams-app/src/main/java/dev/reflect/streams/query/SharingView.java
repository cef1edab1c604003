package dev.reflect.streams.query;

import dev.reflect.streams.state.SharingState;
import java.time.Instant;
import java.util.List;

/** The body of {@code GET /v1/me/sharing}: whom the person shares with now, and since when. */
public record SharingView(List<Clinician> sharingWith) {

    public record Clinician(String clinicianId, Instant since) {}

    static SharingView of(SharingState sharing) {
        return new SharingView(sharing.activeClinicians().stream()
                .map(id -> new Clinician(id, sharing.grant(id).since()))
                .toList());
    }
}
