package dev.reflect.system.support;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** A check-in a test submits, and the user and local day it must be counted on. */
public record CheckIns(UUID eventId, String userId, OffsetDateTime occurredAt, int reassuranceAsks) {

    private static final ZoneOffset[] OFFSETS = {ZoneOffset.ofHours(-8), ZoneOffset.UTC, ZoneOffset.ofHours(9)};

    /**
     * The {@code n}th check-in of a generated set: spread over the last {@code days} days and over
     * offsets on both sides of UTC, so that local days and UTC days differ for some of them.
     */
    public static CheckIns nth(int n, String userId, int days, OffsetDateTime now) {
        ZoneOffset offset = OFFSETS[n % OFFSETS.length];
        OffsetDateTime occurredAt = now.minusDays(n % days)
                .minusMinutes(10 + (n * 37L) % 600)
                .withOffsetSameInstant(offset)
                .truncatedTo(ChronoUnit.SECONDS);
        return new CheckIns(UUID.randomUUID(), userId, occurredAt, 1 + n % 3);
    }

    public LocalDate localDay() {
        return occurredAt.toLocalDate();
    }

    public String json() {
        return """
                {"eventId":"%s","occurredAt":"%s","context":"ROMANTIC","distress":%d,\
                "triggers":[{"category":"PARTNER_UNRESPONSIVE"}],\
                "behaviors":[{"type":"SOUGHT_REASSURANCE","count":%d}]}""".formatted(eventId, occurredAt, reassuranceAsks + 2, reassuranceAsks);
    }
}
