package dev.reflect.events.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EventRules;
import dev.reflect.events.FieldError;
import dev.reflect.events.Instrument;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Json;
import dev.reflect.events.Measure;
import dev.reflect.events.SharingChange;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.events.crypto.TextSealer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Parses and validates events, reporting every problem at once as {@link FieldError}s.
 * Client bodies follow every rule of contract section 3, including the occurredAt window
 * against this parser's clock; stored records (read back from a topic) must also carry userId
 * and receivedAt, and are not held to the window, so reprocessing old data still works.
 *
 * <p>Structure (types, required and unknown fields, enums, ranges, lengths) is checked against
 * the JSON Schemas of {@link EventSchemas}: for journal entries by the schema validator, for
 * check-ins (the ingest hot path) by {@link CheckInStructure}, the same rules written out and held
 * to the schema by a property test. What depends on the caller or the clock is checked here. A valid tree is then turned into the record directly, so each body is parsed exactly once.
 * Thread-safe; one instance can serve every request and stream thread.
 */
public final class EventParser {

    // A repeated key would let two readers of the same bytes see different events. Checked as the
    // tree is built, where it costs nothing until a key repeats; the parser's own detection keeps a
    // set of names per object, which was 5 % of batch ingest's HTTP time.
    private static final ObjectReader READER =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** Kafka timestamps and RFC 3339 years both live in this range; outside it the streams app could not place an event. */
    private static final Instant EARLIEST = Instant.EPOCH;

    private static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

    private final Clock clock;
    private final StructureRules checkInRules;

    public EventParser(Clock clock) {
        this(clock, CheckInStructure.INSTANCE);
    }

    /** With other structural rules for check-ins: the tests hold the hand-written ones to the schema this way. */
    EventParser(Clock clock, StructureRules checkInRules) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checkInRules = Objects.requireNonNull(checkInRules, "checkInRules");
    }

    /** A check-in body as a client sent it; {@code userId} is the authenticated subject. */
    public Validated<CheckIn> clientCheckIn(byte[] body, String userId) {
        Objects.requireNonNull(userId, "userId");
        CheckIn plainlyValid = readPlainlyValid(body);
        if (plainlyValid != null) {
            return Validated.valid(plainlyValid);
        }
        JsonNode tree;
        try {
            tree = read(body);
        } catch (IOException e) {
            return notJson();
        }
        return clientCheckIn(tree, userId);
    }

    /**
     * For readers of many check-ins in one body (the batch endpoint): the check-in whose
     * {@code START_OBJECT} is the parser's current token, read without a tree, if it is plainly
     * valid from a client now. Null means "judge it with {@link #clientCheckIn(JsonNode, String)}":
     * the parser is then left inside the object or at its end, and the caller skips to its end.
     * A plainly valid check-in is the one that method would accept for any user, since it
     * carries no userId.
     */
    public CheckIn readPlainlyValidClientCheckIn(JsonParser parser) throws IOException {
        return ValidCheckInReader.read(parser, clock.instant());
    }

    /** The whole body as one plainly valid check-in, or null to have the tree path judge it. */
    private CheckIn readPlainlyValid(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser parser = READER.createParser(body)) {
            parser.nextToken();
            CheckIn checkIn = ValidCheckInReader.read(parser, clock.instant());
            // Anything after the object makes the body "not JSON", which the tree path says.
            return checkIn != null && parser.nextToken() == null ? checkIn : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** One item of a batch, already parsed as JSON. */
    public Validated<CheckIn> clientCheckIn(JsonNode body, String userId) {
        return parse(
                body,
                CompiledSchema.CHECK_IN,
                checkInRules,
                Source.client(userId, clock.instant()),
                Sealable.CHECK_IN,
                NO_MORE_CHECKS,
                EventParser::toCheckIn);
    }

    public Validated<JournalEntry> clientJournalEntry(byte[] body, String userId) {
        Objects.requireNonNull(userId, "userId");
        try {
            return parse(
                    read(body),
                    CompiledSchema.JOURNAL_ENTRY,
                    CompiledSchema.JOURNAL_ENTRY,
                    Source.client(userId, clock.instant()),
                    Sealable.JOURNAL,
                    EventParser::checkJournalText,
                    EventParser::toJournalEntry);
        } catch (IOException e) {
            return notJson();
        }
    }

    /** A questionnaire's answers as a client sent them (contract section 10). */
    public Validated<Measure> clientMeasure(byte[] body, String userId) {
        Objects.requireNonNull(userId, "userId");
        try {
            return parse(
                    read(body),
                    CompiledSchema.MEASURE,
                    CompiledSchema.MEASURE,
                    Source.client(userId, clock.instant()),
                    Sealable.NONE,
                    NO_MORE_CHECKS,
                    (event, occurredAt, owner, receivedAt, texts) -> toMeasure(event, occurredAt, owner, receivedAt));
        } catch (IOException e) {
            return notJson();
        }
    }

    public Validated<Measure> storedMeasure(byte[] value) {
        try {
            return parse(
                    read(value),
                    CompiledSchema.MEASURE,
                    CompiledSchema.MEASURE,
                    Source.STORED,
                    Sealable.NONE,
                    NO_MORE_CHECKS,
                    (event, occurredAt, owner, receivedAt, texts) -> toMeasure(event, occurredAt, owner, receivedAt));
        } catch (IOException e) {
            return notJson();
        }
    }

    public Validated<CheckIn> storedCheckIn(byte[] value) {
        try {
            return parse(
                    read(value),
                    CompiledSchema.CHECK_IN,
                    checkInRules,
                    Source.STORED,
                    Sealable.CHECK_IN,
                    NO_MORE_CHECKS,
                    EventParser::toCheckIn);
        } catch (IOException e) {
            return notJson();
        }
    }

    public Validated<JournalEntry> storedJournalEntry(byte[] value) {
        try {
            return parse(
                    read(value),
                    CompiledSchema.JOURNAL_ENTRY,
                    CompiledSchema.JOURNAL_ENTRY,
                    Source.STORED,
                    Sealable.JOURNAL,
                    EventParser::checkJournalText,
                    EventParser::toJournalEntry);
        } catch (IOException e) {
            return notJson();
        }
    }

    /**
     * A record of {@code reflect.sharing.v1}. Not held to the age window of check-ins: a grant
     * made a year ago still holds, and a reprocessing run must read it.
     */
    public Validated<SharingChange> storedSharingChange(byte[] value) {
        try {
            return parse(
                    read(value),
                    CompiledSchema.SHARING_CHANGE,
                    CompiledSchema.SHARING_CHANGE,
                    Source.STORED,
                    Sealable.NONE,
                    EventParser::checkClinicianId,
                    (event, occurredAt, owner, receivedAt, texts) ->
                            toSharingChange(event, occurredAt, owner, receivedAt));
        } catch (IOException e) {
            return notJson();
        }
    }

    /** Who handed us the event: a client (checked against its token and our clock) or a topic. */
    private record Source(String authenticatedUser, Instant now) {

        static final Source STORED = new Source(null, null);

        static Source client(String userId, Instant now) {
            return new Source(Objects.requireNonNull(userId, "userId"), now);
        }

        boolean isClient() {
            return authenticatedUser != null;
        }
    }

    /** Rules of one event type beyond its schema. */
    @FunctionalInterface
    private interface EventChecks {
        void check(ObjectNode event, Problems problems);
    }

    private static final EventChecks NO_MORE_CHECKS = (event, problems) -> {};

    @FunctionalInterface
    private interface EventFactory<T> {
        T create(
                ObjectNode body,
                OffsetDateTime occurredAt,
                String userId,
                Instant receivedAt,
                Map<String, String> sealed);
    }

    /** Which texts an event type may carry sealed, and the placeholder that stands for one while the structure is checked. */
    private record Sealable(List<String> fields) {

        static final Sealable CHECK_IN = new Sealable(TextSealer.CHECK_IN_FIELDS);
        static final Sealable JOURNAL = new Sealable(TextSealer.JOURNAL_FIELDS);
        /** Events without free text: a stored record carrying "sealed" is refused. */
        static final Sealable NONE = new Sealable(List.of());
        /** Not blank and within every length limit: it satisfies the rules the sealed text met when it was written. */
        static final String PLACEHOLDER = "sealed";
    }

    private static JsonNode read(byte[] bytes) throws IOException {
        if (bytes == null || bytes.length == 0) {
            throw new IOException("no body");
        }
        JsonNode tree = READER.readTree(bytes);
        if (tree == null || tree.isMissingNode()) {
            throw new IOException("no JSON value");
        }
        return tree;
    }

    private static <T> Validated<T> notJson() {
        return Validated.invalid(List.of(new FieldError("", ValidationMessages.NOT_JSON)));
    }

    private static <T> Validated<T> parse(
            JsonNode body,
            CompiledSchema schema,
            StructureRules rules,
            Source source,
            Sealable sealable,
            EventChecks checks,
            EventFactory<T> factory) {
        if (body == null || !body.isObject()) {
            return Validated.invalid(List.of(new FieldError("", ValidationMessages.NOT_AN_OBJECT)));
        }
        ObjectNode event = (ObjectNode) body;
        Problems problems = schema.newProblems();
        // A stored record's sealed texts are checked on their own; the rest is held to the very
        // rules of a client body, with a placeholder where a sealed text stood (a client never
        // sends "sealed": the schema calls it an unknown field).
        Map<String, String> sealed = null;
        List<String> placeholders = List.of();
        if (!source.isClient() && event.has(TextSealer.SEALED)) {
            event = event.deepCopy();
            sealed = sealedTexts(event.remove(TextSealer.SEALED), sealable, problems);
            placeholders = placeSealed(event, sealed, problems);
        }
        rules.validate(event, problems);
        OffsetDateTime occurredAt = occurredAt(event, source, problems);
        Instant receivedAt = receivedAt(event, source, problems);
        checkOwner(event, source, problems);
        checks.check(event, problems);
        if (!problems.isEmpty()) {
            return Validated.invalid(problems.toFieldErrors());
        }
        for (String path : placeholders) {
            removeAtPath(event, path);
        }
        String userId = source.isClient() ? null : event.get("userId").textValue();
        return Validated.valid(factory.create(event, occurredAt, userId, receivedAt, sealed));
    }

    /** The sealed texts, by field path, each a base64url string of bounded length; problems reported under {@code sealed}. */
    private static Map<String, String> sealedTexts(JsonNode sealed, Sealable sealable, Problems problems) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (!sealed.isObject()) {
            problems.add(List.of(TextSealer.SEALED), Problems.TYPE, "must be an object");
            return texts;
        }
        for (Map.Entry<String, JsonNode> field : sealed.properties()) {
            String path = field.getKey();
            if (!sealable.fields().contains(path)) {
                problems.add(
                        List.of(TextSealer.SEALED, Problems.printableName(path)),
                        Problems.PRESENCE,
                        ValidationMessages.UNKNOWN_FIELD);
                continue;
            }
            JsonNode value = field.getValue();
            if (!value.isTextual()
                    || value.textValue().length() > TextSealer.maxSealedLength(path)
                    || !BASE64URL.matcher(value.textValue()).matches()) {
                problems.add(List.of(TextSealer.SEALED, path), Problems.FORMAT, ValidationMessages.NOT_A_SEALED_TEXT);
                continue;
            }
            texts.put(path, value.textValue());
        }
        return texts;
    }

    /** Puts a placeholder where each sealed text belongs; returns the paths it filled. */
    private static List<String> placeSealed(ObjectNode event, Map<String, String> sealed, Problems problems) {
        List<String> placed = new ArrayList<>();
        for (String path : sealed.keySet()) {
            int dot = path.indexOf('.');
            ObjectNode parent = event;
            String name = path;
            if (dot >= 0) {
                JsonNode container = event.get(path.substring(0, dot));
                if (container == null || !container.isObject()) {
                    problems.add(
                            List.of(TextSealer.SEALED, path),
                            Problems.PRESENCE,
                            ValidationMessages.SEALED_WITHOUT_RECORD);
                    continue;
                }
                parent = (ObjectNode) container;
                name = path.substring(dot + 1);
            }
            if (parent.has(name)) {
                problems.add(List.of(TextSealer.SEALED, path), Problems.FORMAT, ValidationMessages.SEALED_AND_CLEAR);
                continue;
            }
            parent.put(name, Sealable.PLACEHOLDER);
            placed.add(path);
        }
        return placed;
    }

    private static void removeAtPath(ObjectNode event, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            event.remove(path);
        } else {
            ((ObjectNode) event.get(path.substring(0, dot))).remove(path.substring(dot + 1));
        }
    }

    private static OffsetDateTime occurredAt(ObjectNode event, Source source, Problems problems) {
        OffsetDateTime occurredAt = dateTime(event, "occurredAt", problems);
        if (occurredAt != null && source.isClient()) {
            Instant instant = occurredAt.toInstant();
            if (EventRules.isTooFarAhead(instant, source.now())) {
                problems.add(List.of("occurredAt"), Problems.WINDOW, ValidationMessages.TOO_FAR_AHEAD);
            } else if (EventRules.isTooOld(instant, source.now())) {
                problems.add(List.of("occurredAt"), Problems.WINDOW, ValidationMessages.TOO_OLD);
            }
        }
        return occurredAt;
    }

    private static Instant receivedAt(ObjectNode event, Source source, Problems problems) {
        if (source.isClient()) {
            if (event.has("receivedAt")) {
                problems.add(List.of("receivedAt"), Problems.PRESENCE, ValidationMessages.SET_BY_SERVER);
            }
            return null;
        }
        if (!event.has("receivedAt")) {
            problems.add(List.of("receivedAt"), Problems.PRESENCE, ValidationMessages.REQUIRED);
            return null;
        }
        OffsetDateTime receivedAt = dateTime(event, "receivedAt", problems);
        return receivedAt == null ? null : receivedAt.toInstant();
    }

    /** A client may repeat its own id (some clients echo what they read); a stored record must name its owner. */
    private static void checkOwner(ObjectNode event, Source source, Problems problems) {
        JsonNode userId = event.get("userId");
        if (userId != null && userId.isTextual() && isBlank(userId.textValue())) {
            problems.add(List.of("userId"), Problems.FORMAT, ValidationMessages.BLANK);
        }
        if (source.isClient()) {
            if (userId != null && userId.isTextual() && !userId.textValue().equals(source.authenticatedUser())) {
                problems.add(List.of("userId"), Problems.OWNERSHIP, ValidationMessages.USER_MISMATCH);
            }
        } else if (userId == null) {
            problems.add(List.of("userId"), Problems.PRESENCE, ValidationMessages.REQUIRED);
        }
    }

    /**
     * The date-time at {@code field}, or null when it is absent, not a string (the schema reports
     * those) or unreadable (reported here). An offset is mandatory: without one the user's local
     * day, and so every per-day figure, would be a guess.
     */
    private static OffsetDateTime dateTime(ObjectNode event, String field, Problems problems) {
        JsonNode node = event.get(field);
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.textValue();
        OffsetDateTime parsed = OffsetDateTimes.parseCommonForm(text);
        try {
            if (parsed == null) {
                parsed = OffsetDateTime.parse(text);
            }
        } catch (DateTimeParseException e) {
            problems.add(
                    List.of(field),
                    Problems.FORMAT,
                    lacksOnlyOffset(text) ? ValidationMessages.MISSING_OFFSET : ValidationMessages.NOT_A_DATE_TIME);
            return null;
        }
        Instant instant = parsed.toInstant();
        if (!isWithinEpoch(instant)) {
            problems.add(List.of(field), Problems.FORMAT, ValidationMessages.OUT_OF_EPOCH);
            return null;
        }
        return parsed;
    }

    static boolean isWithinEpoch(Instant instant) {
        return !instant.isBefore(EARLIEST) && instant.isBefore(END);
    }

    /**
     * The journal's "non-blank text or a thought record" and a non-blank automatic thought. Blank
     * is judged here rather than by a schema pattern because {@code \S} means different things in
     * the JDK's regular expressions and in the ECMA-262 dialect JSON Schema prescribes.
     */
    private static void checkJournalText(ObjectNode event, Problems problems) {
        JsonNode text = event.get("text");
        JsonNode thoughtRecord = event.get("thoughtRecord");
        if (thoughtRecord == null && text != null && text.isTextual() && isBlank(text.textValue())) {
            problems.add(List.of("text"), Problems.FORMAT, ValidationMessages.BLANK_TEXT_WITHOUT_THOUGHT_RECORD);
        }
        JsonNode thought = thoughtRecord == null ? null : thoughtRecord.get("automaticThought");
        if (thought != null && thought.isTextual() && isBlank(thought.textValue())) {
            problems.add(List.of("thoughtRecord", "automaticThought"), Problems.FORMAT, ValidationMessages.BLANK);
        }
    }

    private static void checkClinicianId(ObjectNode event, Problems problems) {
        JsonNode clinicianId = event.get("clinicianId");
        if (clinicianId != null && clinicianId.isTextual() && isBlank(clinicianId.textValue())) {
            problems.add(List.of("clinicianId"), Problems.FORMAT, ValidationMessages.BLANK);
        }
    }

    /** Nothing a reader would see: white space, space separators, control and format characters (zero-width spaces, BOMs). */
    static boolean isBlank(String text) {
        return text.codePoints().allMatch(cp -> {
            int type = Character.getType(cp);
            return Character.isWhitespace(cp)
                    || Character.isSpaceChar(cp)
                    || type == Character.CONTROL
                    || type == Character.FORMAT;
        });
    }

    private static boolean lacksOnlyOffset(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // Building the records by hand from the validated tree, rather than through Jackson data
    // binding, keeps one parse per body and one judge of what a valid time looks like.

    private static CheckIn toCheckIn(
            ObjectNode body, OffsetDateTime occurredAt, String userId, Instant receivedAt, Map<String, String> sealed) {
        List<Trigger> triggers = new ArrayList<>();
        for (JsonNode t : body.path("triggers")) {
            triggers.add(new Trigger(
                    TriggerCategory.valueOf(t.get("category").textValue()),
                    t.path("tiedToPast").booleanValue()));
        }
        List<Behavior> behaviors = new ArrayList<>();
        for (JsonNode b : body.path("behaviors")) {
            JsonNode count = b.get("count");
            behaviors.add(Behavior.of(
                    BehaviorType.valueOf(b.get("type").textValue()), count == null ? null : count.intValue()));
        }
        List<CopingStrategy> coping = new ArrayList<>();
        for (JsonNode c : body.path("coping")) {
            coping.add(CopingStrategy.valueOf(c.textValue()));
        }
        return new CheckIn(
                UUID.fromString(body.get("eventId").textValue()),
                occurredAt,
                Context.valueOf(body.get("context").textValue()),
                body.get("distress").intValue(),
                triggers,
                behaviors,
                coping,
                textOrNull(body.get("note")),
                userId,
                receivedAt,
                sealed);
    }

    private static JournalEntry toJournalEntry(
            ObjectNode body, OffsetDateTime occurredAt, String userId, Instant receivedAt, Map<String, String> sealed) {
        JsonNode record = body.get("thoughtRecord");
        ThoughtRecord thoughtRecord = record == null
                ? null
                : new ThoughtRecord(
                        textOrNull(record.get("automaticThought")),
                        textOrNull(record.get("evidenceFor")),
                        textOrNull(record.get("evidenceAgainst")),
                        textOrNull(record.get("balancedThought")),
                        record.get("beliefBefore").intValue(),
                        record.get("beliefAfter").intValue());
        return new JournalEntry(
                UUID.fromString(body.get("eventId").textValue()),
                occurredAt,
                textOrNull(body.get("text")),
                thoughtRecord,
                userId,
                receivedAt,
                sealed);
    }

    private static SharingChange toSharingChange(
            ObjectNode body, OffsetDateTime occurredAt, String userId, Instant receivedAt) {
        return new SharingChange(
                UUID.fromString(body.get("eventId").textValue()),
                occurredAt,
                body.get("clinicianId").textValue(),
                SharingChange.Action.valueOf(body.get("action").textValue()),
                userId,
                receivedAt);
    }

    private static Measure toMeasure(ObjectNode body, OffsetDateTime occurredAt, String userId, Instant receivedAt) {
        List<Integer> items = new ArrayList<>();
        for (JsonNode item : body.path("items")) {
            items.add(item.intValue());
        }
        return new Measure(
                UUID.fromString(body.get("eventId").textValue()),
                occurredAt,
                Instrument.valueOf(body.get("instrument").textValue()),
                items,
                userId,
                receivedAt);
    }

    private static String textOrNull(JsonNode node) {
        return node == null ? null : node.textValue();
    }
}
