package dev.reflect.events;

import dev.reflect.events.serde.CheckInWriter;
import dev.reflect.events.serde.EventSerde;
import dev.reflect.events.serde.JsonSerde;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.RejectionReason;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of contract sections 4 and 10. Every record key is the userId as a UTF-8 string.
 *
 * <p>The input topics' value serdes validate on read with {@link EventParser}'s stored rules and
 * throw {@link dev.reflect.events.serde.InvalidEventException} (a {@code SerializationException}
 * carrying a {@link RejectionReason}, never the payload) for a record that breaks them; writing is
 * plain JSON (check-ins through {@link CheckInWriter}: the same bytes, without data binding).
 * Consumers that want to inspect bad records themselves read bytes and call the parser directly.
 */
public final class Topics {

    // Stored rules do not consult the clock; any clock will do.
    private static final EventParser STORED = new EventParser(Clock.systemUTC());

    public static final Topic<String, CheckIn> CHECKINS = new Topic<>(
            "reflect.checkins.v1",
            Serdes.String(),
            new EventSerde<>(CheckIn.class, STORED::storedCheckIn, new CheckInWriter()));
    public static final Topic<String, JournalEntry> JOURNAL = new Topic<>(
            "reflect.journal.v1", Serdes.String(), new EventSerde<>(JournalEntry.class, STORED::storedJournalEntry));
    /** Answers to standardized questionnaires (contract section 10). */
    public static final Topic<String, Measure> MEASURES =
            new Topic<>("reflect.measures.v1", Serdes.String(), new EventSerde<>(Measure.class, STORED::storedMeasure));

    public static final Topic<String, Alert> ALERTS =
            new Topic<>("reflect.alerts.v1", Serdes.String(), new JsonSerde<>(Alert.class));
    /** Original key and bytes of a rejected record; headers say why and where from. */
    public static final Topic<byte[], byte[]> DEADLETTER =
            new Topic<>("reflect.deadletter.v1", Serdes.ByteArray(), Serdes.ByteArray());

    /**
     * People's data keys, wrapped under the key-encryption key (contract section 9). Compacted;
     * key and value laid out by {@code dev.reflect.service.keys.KeyRecords}; a tombstone
     * destroys a key.
     */
    public static final Topic<byte[], byte[]> KEYS =
            new Topic<>("reflect.keys.v1", Serdes.ByteArray(), Serdes.ByteArray());
    /** Erasures asked for and not yet done, keyed by userId; compacted, tombstoned once done. */
    public static final Topic<String, ErasureRequest> ERASURE_REQUESTS =
            new Topic<>("reflect.erasure-requests.v1", Serdes.String(), new JsonSerde<>(ErasureRequest.class));
    /** The proof of each erasure, keyed by pseudonym; compacted and kept. */
    public static final Topic<String, Erasure> ERASURES =
            new Topic<>("reflect.erasures.v1", Serdes.String(), new JsonSerde<>(Erasure.class));

    /** Grants, revocations and alerts seen between a person and a clinician (contract section 8). */
    public static final Topic<String, SharingChange> SHARING = new Topic<>(
            "reflect.sharing.v1", Serdes.String(), new EventSerde<>(SharingChange.class, STORED::storedSharingChange));
    /** Every read of a person's data by someone else (contract section 8), keyed by the person. */
    public static final Topic<String, AuditRecord> AUDIT =
            new Topic<>("reflect.audit.v1", Serdes.String(), new JsonSerde<>(AuditRecord.class));

    /**
     * Clinicians' webhooks the notifier gave up on, keyed by their {@code webhook-id} (docs/notifier.md):
     * the notifier's dead letters, apart from the input's.
     */
    public static final Topic<String, UndeliveredNotification> NOTIFIER_DEADLETTER = new Topic<>(
            "reflect.notifier.deadletter.v1", Serdes.String(), new JsonSerde<>(UndeliveredNotification.class));

    public static final List<Topic<?, ?>> ALL = List.of(
            CHECKINS,
            JOURNAL,
            MEASURES,
            ALERTS,
            DEADLETTER,
            SHARING,
            AUDIT,
            NOTIFIER_DEADLETTER,
            KEYS,
            ERASURE_REQUESTS,
            ERASURES);

    private Topics() {}
}
