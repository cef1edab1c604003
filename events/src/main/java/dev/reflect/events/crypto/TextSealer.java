package dev.reflect.events.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.CheckIn;
import dev.reflect.events.EventRules;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.ThoughtRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Free texts sealed with their writer's data key (contract section 9), as they are on the topics:
 * each text field is taken out of the event and put, sealed, into its {@value #SEALED} object
 * under the field's path, so the figures stay readable for the streams app and the texts open
 * only where a data key is at hand.
 *
 * <pre>{"eventId":…,"distress":7,…,"userId":"u-1","receivedAt":…,"sealed":{"note":"AZ…"}}
 * {"eventId":…,"thoughtRecord":{"beliefBefore":80,"beliefAfter":35},…,
 *  "sealed":{"text":"AZ…","thoughtRecord.automaticThought":"AZ…"}}</pre>
 *
 * Each value is base64url (no padding) of a Tink AES-256-GCM ciphertext whose associated data is
 * the userId, the eventId and the field path: a sealed text moved to another person, event or
 * field does not open. Once the person's data keys are destroyed (erasure), no copy of the text
 * opens again, wherever it lies. Thread-safe.
 */
public final class TextSealer {

    /** The object of sealed texts on a stored event. */
    public static final String SEALED = "sealed";

    public static final String NOTE = "note";
    public static final String TEXT = "text";
    public static final String AUTOMATIC_THOUGHT = "thoughtRecord.automaticThought";
    public static final String EVIDENCE_FOR = "thoughtRecord.evidenceFor";
    public static final String EVIDENCE_AGAINST = "thoughtRecord.evidenceAgainst";
    public static final String BALANCED_THOUGHT = "thoughtRecord.balancedThought";

    /** The sealed fields a check-in may carry. */
    public static final List<String> CHECK_IN_FIELDS = List.of(NOTE);
    /** The sealed fields a journal entry may carry, in the order they are written. */
    public static final List<String> JOURNAL_FIELDS =
            List.of(TEXT, AUTOMATIC_THOUGHT, EVIDENCE_FOR, EVIDENCE_AGAINST, BALANCED_THOUGHT);

    private static final byte[] TEXT_CONTEXT = Associated.context("reflect/text/v1");
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();
    /** Tink's prefix, the GCM nonce and tag around the plaintext. */
    private static final int OVERHEAD = DataKey.PREFIX_BYTES + 12 + 16;

    private final DataKeys keys;

    public TextSealer(DataKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The longest sealed value of a field of at most {@code maxCodePoints} (4 UTF-8 bytes each). */
    public static int maxSealedLength(String field) {
        int codePoints = field.equals(TEXT)
                ? EventRules.MAX_JOURNAL_TEXT_LENGTH
                : field.equals(NOTE) ? EventRules.MAX_NOTE_LENGTH : EventRules.MAX_THOUGHT_LENGTH;
        int bytes = 4 * codePoints + OVERHEAD;
        return (bytes * 4 + 2) / 3;
    }

    /** Whether {@code event} carries a text in clear (one not written by the ingest service, or not yet sealed). */
    public static boolean hasPlaintext(ReflectEvent event) {
        if (event instanceof CheckIn checkIn) {
            return checkIn.note() != null;
        }
        if (event instanceof JournalEntry entry) {
            ThoughtRecord record = entry.thoughtRecord();
            return entry.text() != null
                    || (record != null
                            && (record.automaticThought() != null
                                    || record.evidenceFor() != null
                                    || record.evidenceAgainst() != null
                                    || record.balancedThought() != null));
        }
        return false;
    }

    /** The check-in with its note sealed; one without a note is returned as it is. Needs its userId. */
    public CheckIn seal(CheckIn checkIn) {
        if (checkIn.note() == null) {
            return checkIn;
        }
        Sealing sealing = new Sealing(checkIn.userId(), checkIn.eventId().toString(), checkIn.sealed());
        sealing.put(NOTE, checkIn.note());
        return new CheckIn(
                checkIn.eventId(),
                checkIn.occurredAt(),
                checkIn.context(),
                checkIn.distress(),
                checkIn.triggers(),
                checkIn.behaviors(),
                checkIn.coping(),
                null,
                checkIn.userId(),
                checkIn.receivedAt(),
                sealing.result());
    }

    /** The entry with its text and thought-record texts sealed. Needs its userId. */
    public JournalEntry seal(JournalEntry entry) {
        if (!hasPlaintext(entry)) {
            return entry;
        }
        Sealing sealing = new Sealing(entry.userId(), entry.eventId().toString(), entry.sealed());
        sealing.put(TEXT, entry.text());
        ThoughtRecord record = entry.thoughtRecord();
        ThoughtRecord kept = null;
        if (record != null) {
            sealing.put(AUTOMATIC_THOUGHT, record.automaticThought());
            sealing.put(EVIDENCE_FOR, record.evidenceFor());
            sealing.put(EVIDENCE_AGAINST, record.evidenceAgainst());
            sealing.put(BALANCED_THOUGHT, record.balancedThought());
            kept = new ThoughtRecord(null, null, null, null, record.beliefBefore(), record.beliefAfter());
        }
        return new JournalEntry(
                entry.eventId(), entry.occurredAt(), null, kept, entry.userId(), entry.receivedAt(), sealing.result());
    }

    /** The event sealed, whichever kind it is. */
    public ReflectEvent seal(ReflectEvent event) {
        if (event instanceof CheckIn checkIn) {
            return seal(checkIn);
        }
        if (event instanceof JournalEntry entry) {
            return seal(entry);
        }
        throw new IllegalArgumentException(
                "not an event with texts: " + event.getClass().getSimpleName());
    }

    /**
     * A stored event as its writer wrote it: every sealed text opened and put back at its field
     * path, the {@value #SEALED} object gone. A text whose key is gone (destroyed by erasure) or
     * that does not open is left out, and its path listed under {@code "unreadable"}. The tree
     * must carry its {@code userId} and {@code eventId}; {@code stored} itself is not changed.
     */
    public ObjectNode open(JsonNode stored) {
        ObjectNode opened = ((ObjectNode) stored).deepCopy();
        JsonNode sealed = opened.remove(SEALED);
        if (sealed == null || !sealed.isObject()) {
            return opened;
        }
        String userId = opened.path("userId").asText();
        String eventId = opened.path("eventId").asText();
        for (Map.Entry<String, JsonNode> field : sealed.properties()) {
            Optional<String> text =
                    open(userId, eventId, field.getKey(), field.getValue().asText());
            if (text.isPresent()) {
                putAtPath(opened, field.getKey(), text.get());
            } else {
                opened.withArray("unreadable").add(field.getKey());
            }
        }
        return opened;
    }

    private Optional<String> open(String userId, String eventId, String field, String value) {
        byte[] ciphertext;
        try {
            ciphertext = UNBASE64.decode(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long keyId = DataKey.keyIdOf(ciphertext);
        if (keyId < 0) {
            return Optional.empty();
        }
        Optional<DataKey> key = keys.forOpening(userId, keyId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(
                    key.get().open(ciphertext, associatedData(userId, eventId, field)), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static void putAtPath(ObjectNode event, String path, String text) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            event.put(path, text);
            return;
        }
        ObjectNode parent = event.withObject(path.substring(0, dot));
        parent.put(path.substring(dot + 1), text);
    }

    static byte[] associatedData(String userId, String eventId, String field) {
        return Associated.of(TEXT_CONTEXT, userId, eventId, field);
    }

    /** The sealed texts of one event, in field order, added to those it already had. */
    private final class Sealing {

        private final String userId;
        private final String eventId;
        private final Map<String, String> sealed = new LinkedHashMap<>();
        private DataKey key;

        Sealing(String userId, String eventId, Map<String, String> already) {
            this.userId = Objects.requireNonNull(userId, "a text is sealed for its writer: the userId is needed");
            this.eventId = eventId;
            if (already != null) {
                sealed.putAll(already);
            }
        }

        void put(String field, String text) {
            if (text == null) {
                return;
            }
            if (key == null) {
                key = keys.forSealing(userId);
            }
            byte[] ciphertext = key.seal(text.getBytes(StandardCharsets.UTF_8), associatedData(userId, eventId, field));
            sealed.put(field, BASE64.encodeToString(ciphertext));
        }

        Map<String, String> result() {
            return sealed.isEmpty() ? null : sealed;
        }
    }
}
