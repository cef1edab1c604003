package dev.reflect.bench;

import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.Json;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The records the micro-benchmarks read and write: a typical check-in (two triggers, two
 * behaviours, two coping strategies, a short note), as a client sends it and as it is stored.
 */
public final class MicroSamples {

    /** The fixed "now" of the micro-benchmarks, so a sample check-in stays inside the window. */
    public static final Instant NOW = Instant.parse("2026-11-26T21:20:00Z");

    private MicroSamples() {}

    public static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** As a client sends it: no userId, no receivedAt. */
    public static CheckIn clientCheckIn() {
        return clientCheckIn(UUID.fromString("8f14e45f-ceea-467f-a0e6-1a2b3c4d5e6f"), NOW.minusSeconds(360));
    }

    /** As the ingest service stores it. */
    public static CheckIn storedCheckIn() {
        return clientCheckIn().received("u-3f2a9c", NOW);
    }

    /** The client body of {@link #clientCheckIn()}, as the mapper writes it. */
    public static byte[] clientCheckInBody() {
        try {
            return Json.mapper().writeValueAsBytes(clientCheckIn());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One stored check-in on each of the 90 days up to {@link #NOW}. */
    public static List<CheckIn> ninetyDaysOfCheckIns() {
        List<CheckIn> checkIns = new ArrayList<>();
        for (int day = 89; day >= 0; day--) {
            Instant at = NOW.minusSeconds(day * 86_400L + 3_600);
            checkIns.add(clientCheckIn(new UUID(day, 42), at).received("u-3f2a9c", at.plusSeconds(60)));
        }
        return checkIns;
    }

    private static CheckIn clientCheckIn(UUID eventId, Instant at) {
        return new CheckIn(
                eventId,
                at.atOffset(ZoneOffset.ofHours(1)),
                Context.ROMANTIC,
                6,
                List.of(
                        new Trigger(TriggerCategory.PARTNER_UNRESPONSIVE, true),
                        new Trigger(TriggerCategory.SOCIAL_MEDIA, false)),
                List.of(new Behavior(BehaviorType.CHECKED_DEVICE, 3), new Behavior(BehaviorType.SOUGHT_REASSURANCE, 1)),
                List.of(CopingStrategy.SELF_CARE, CopingStrategy.OPEN_COMMUNICATION),
                "Didn't hear back for hours and kept checking the phone; a walk helped.",
                null,
                null);
    }
}
