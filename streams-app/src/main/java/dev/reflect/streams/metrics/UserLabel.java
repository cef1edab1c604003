package dev.reflect.streams.metrics;

import dev.reflect.service.privacy.Pseudonym;

/**
 * The {@code user} label of one user's series: their pseudonym, computed when a scrape first
 * needs it rather than when the user enters the per-user set. An HMAC is about a microsecond of
 * the stream thread; with more active users than the cap, most users enter and leave the set
 * between two scrapes and never need theirs. Thread-safe: two scrapes may both compute it, to the
 * same value.
 */
final class UserLabel {

    private final String userId;
    private volatile String pseudonym;

    UserLabel(String userId) {
        this.userId = userId;
    }

    String pseudonym(Pseudonym key) {
        String known = pseudonym;
        if (known == null) {
            known = key.of(userId);
            pseudonym = known;
        }
        return known;
    }
}
