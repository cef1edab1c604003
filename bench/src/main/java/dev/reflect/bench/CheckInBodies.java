package dev.reflect.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.Json;
import dev.reflect.events.TriggerCategory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Check-in bodies shaped like real client traffic: one to three triggers and behaviours, some
 * coping, a short note, occurredAt spread over the last 60 days in several offsets. Each body
 * is 300–500 bytes of compact JSON, the size the benchmark targets are stated for.
 *
 * <p>The load generator needs a fresh eventId per event but must not build JSON itself (it is a
 * C program with a Lua hook, and every microsecond it spends is taken from the server on two
 * cores). So a body is split into the constant opening {@code {"eventId":"} and a
 * <em>fragment</em>, everything after the eventId's closing quote; {@link #body} joins them.
 */
public final class CheckInBodies {

    /** The opening every body shares; the eventId follows it. */
    public static final String OPENING = "{\"eventId\":\"";

    private static final String PLACEHOLDER_EVENT_ID = "00000000-0000-4000-8000-000000000000";
    static final int MIN_BYTES = 300;
    static final int MAX_BYTES = 500;
    private static final DateTimeFormatter OCCURRED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final List<ZoneOffset> OFFSETS = List.of(
            ZoneOffset.ofHours(1),
            ZoneOffset.ofHours(-5),
            ZoneOffset.ofHoursMinutes(5, 30),
            ZoneOffset.UTC,
            ZoneOffset.ofHours(10));
    // Well inside the contract's 90-day window, so bodies stay valid during a long run.
    private static final Duration OLDEST = Duration.ofDays(60);
    private static final List<String> NOTES = List.of(
            "Texted twice about dinner and got no answer for three hours. Kept checking if they were online.",
            "They said the meeting ran late. I asked who else was there and then felt bad for asking.",
            "Saw a like on an old photo from someone I do not know. Wrote it down instead of asking about it.",
            "Plans for the weekend changed again. Took a walk before replying, which helped a little.",
            "Talked to my sister about the argument. She thinks I assumed the worst before hearing them out.",
            "Went quiet all evening after a small joke about my past. Later explained why it landed hard.",
            "Asked if we were fine three times today. Tried the thought record and the urge got weaker.");

    private CheckInBodies() {}

    /** {@code count} distinct fragments, valid against a clock at {@code now}; the same seed gives the same ones. */
    public static List<String> fragments(int count, Instant now, long seed) {
        Random random = new Random(seed);
        List<String> fragments = new ArrayList<>(count);
        while (fragments.size() < count) {
            String json = write(checkIn(random, now));
            // Drawn again rather than trimmed, so every size in range stays as likely as it was.
            int size = json.getBytes(StandardCharsets.UTF_8).length;
            if (size < MIN_BYTES || size > MAX_BYTES) {
                continue;
            }
            String prefix = OPENING + PLACEHOLDER_EVENT_ID + "\",";
            if (!json.startsWith(prefix)) {
                throw new IllegalStateException("eventId must be the first field of a generated check-in");
            }
            fragments.add(json.substring(prefix.length()));
        }
        return fragments;
    }

    /** A complete client body: {@code eventId} followed by a fragment from {@link #fragments}. */
    public static String body(String eventId, String fragment) {
        return OPENING + eventId + "\"," + fragment;
    }

    private static ObjectNode checkIn(Random random, Instant now) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("eventId", PLACEHOLDER_EVENT_ID);
        ZoneOffset offset = OFFSETS.get(random.nextInt(OFFSETS.size()));
        Instant occurred = now.minusSeconds(
                60 + (long) (random.nextDouble() * OLDEST.minusMinutes(1).toSeconds()));
        node.put("occurredAt", OCCURRED_AT.format(occurred.atOffset(offset)));
        node.put("context", pick(random, Context.values()).name());
        node.put("distress", random.nextInt(11));
        ArrayNode triggers = node.putArray("triggers");
        for (TriggerCategory category : distinct(random, TriggerCategory.values(), 1 + random.nextInt(3))) {
            ObjectNode trigger = triggers.addObject().put("category", category.name());
            if (random.nextBoolean()) {
                trigger.put("tiedToPast", random.nextBoolean());
            }
        }
        ArrayNode behaviors = node.putArray("behaviors");
        for (BehaviorType type : distinct(random, BehaviorType.values(), 1 + random.nextInt(3))) {
            ObjectNode behavior = behaviors.addObject().put("type", type.name());
            if (random.nextBoolean()) {
                behavior.put("count", 1 + random.nextInt(5));
            }
        }
        ArrayNode coping = node.putArray("coping");
        distinct(random, CopingStrategy.values(), random.nextInt(3)).forEach(strategy -> coping.add(strategy.name()));
        node.put("note", NOTES.get(random.nextInt(NOTES.size())));
        return node;
    }

    private static <E extends Enum<E>> E pick(Random random, E[] values) {
        return values[random.nextInt(values.length)];
    }

    private static <E extends Enum<E>> Set<E> distinct(Random random, E[] values, int count) {
        Set<E> picked = EnumSet.noneOf(values[0].getDeclaringClass());
        while (picked.size() < count) {
            picked.add(pick(random, values));
        }
        return picked;
    }

    private static String write(ObjectNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
