package dev.reflect.system.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Stored events (with userId and receivedAt, as on the input topics) of generated people. */
public final class StoredEvents {

    private StoredEvents() {}

    /**
     * A stored check-in as the ingest service writes it: {@code asks} reassurance asks and
     * {@code deviceChecks} device checks, the rest drawn from {@code random}.
     */
    public static CheckIn checkIn(
            String person, OffsetDateTime at, int asks, int deviceChecks, Instant receivedAt, Random random) {
        List<Behavior> behaviors = new ArrayList<>();
        if (asks > 0) {
            behaviors.add(new Behavior(BehaviorType.SOUGHT_REASSURANCE, asks));
        }
        if (deviceChecks > 0) {
            behaviors.add(new Behavior(BehaviorType.CHECKED_DEVICE, deviceChecks));
        }
        return new CheckIn(
                new UUID(random.nextLong(), random.nextLong()),
                at,
                Context.ROMANTIC,
                random.nextInt(11),
                List.of(new Trigger(TriggerCategory.PARTNER_UNRESPONSIVE, random.nextBoolean())),
                behaviors,
                List.of(CopingStrategy.CHALLENGED_THOUGHT),
                null,
                person,
                receivedAt);
    }

    /** A stored journal entry with a thought record whose belief goes from {@code before} to {@code after}. */
    public static JournalEntry journal(String person, OffsetDateTime at, int before, int after, Instant receivedAt) {
        return new JournalEntry(
                UUID.nameUUIDFromBytes((person + at).getBytes(UTF_8)),
                at,
                "synthetic words",
                new ThoughtRecord("they must be with someone else", "late", "said so", "busy day", before, after),
                person,
                receivedAt);
    }
}
