package dev.reflect.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.events.Alert;
import dev.reflect.events.AuditRecord;
import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.Erasure;
import dev.reflect.events.ErasureRequest;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.EventRules;
import dev.reflect.events.Gad7Band;
import dev.reflect.events.Instrument;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Measure;
import dev.reflect.events.MeasureChange;
import dev.reflect.events.SharingChange;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.events.UndeliveredNotification;
import dev.reflect.events.validation.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TopicSerdeTest {

    private static final CheckIn CHECK_IN = new CheckIn(
            UUID.fromString("0b6f6f5e-6a43-4c4e-9a8e-1d2f3a4b5c6d"),
            OffsetDateTime.parse("2026-11-26T21:14:00.250+01:00"),
            Context.ROMANTIC,
            7,
            List.of(new Trigger(TriggerCategory.PARTNER_UNRESPONSIVE, true), new Trigger(TriggerCategory.OTHER, false)),
            List.of(new Behavior(BehaviorType.SOUGHT_REASSURANCE, 3), new Behavior(BehaviorType.CHECKED_DEVICE, 1)),
            List.of(CopingStrategy.CHALLENGED_THOUGHT, CopingStrategy.SELF_CARE),
            "He didn't answer for hours",
            "u-123",
            Instant.parse("2026-11-26T20:14:05.123456Z"));

    private static final JournalEntry JOURNAL_ENTRY = new JournalEntry(
            UUID.fromString("7d1c0a52-3f0e-4b7a-9a55-2b8f1c6e4d90"),
            OffsetDateTime.parse("2026-11-26T23:30:00-08:00"),
            null,
            new ThoughtRecord("They must be with someone else", null, "They said they were working late", null, 80, 35),
            "u-123",
            Instant.parse("2026-11-27T07:31:00Z"));

    private static final Alert ALERT = new Alert(
            UUID.fromString("3c1f9a2e-8b7d-4e6f-a5c4-1b2a3d4e5f60"),
            "u-123",
            EscalationLevel.ELEVATED,
            EscalationLevel.STEADY,
            "reassurance_doubled",
            LocalDate.parse("2026-11-26"),
            new Alert.Observed(9, 3.0, 0, 0, 6),
            "Reassurance requests in the last 7 days (9) are 3.0x the usual weekly level (3.0).",
            List.of("clinician-7", "clinician-9"));

    private static final UndeliveredNotification UNDELIVERED = new UndeliveredNotification(
            "msg_0f3a9c01d4e5b6a7c8d9e0f1a2b3c4d5",
            "clinician-7",
            20,
            Instant.parse("2026-11-26T20:15:00Z"),
            Instant.parse("2026-11-28T02:41:00Z"),
            "http 503",
            "{\"type\":\"escalation.changed\"}");

    private static final SharingChange SHARING_CHANGE = new SharingChange(
            UUID.fromString("5b0c7e21-2d4f-4c1a-8e3b-9f6a1d2c3b4e"),
            OffsetDateTime.parse("2026-11-26T09:00:00+01:00"),
            "clinician-7",
            SharingChange.Action.GRANT,
            "u-123",
            Instant.parse("2026-11-26T08:00:01.5Z"));

    private static final AuditRecord AUDIT_RECORD = new AuditRecord(
            UUID.fromString("8e2d6f30-1a4b-4c5d-9e7f-0a1b2c3d4e5f"),
            "clinician-7",
            "u-123",
            "progress",
            Instant.parse("2026-11-26T08:05:00.25Z"),
            AuditRecord.ALLOWED);

    private static final Measure MEASURE = new Measure(
            UUID.fromString("5a0c8e1f-2b3d-4c5e-8f9a-0b1c2d3e4f50"),
            OffsetDateTime.parse("2026-11-26T09:30:00+01:00"),
            Instrument.GAD7,
            List.of(2, 3, 2, 1, 0, 1, 2),
            "u-123",
            Instant.parse("2026-11-26T08:30:02Z"));

    private static final Alert MEASURE_ALERT = new Alert(
            UUID.fromString("9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"),
            "u-123",
            EscalationLevel.HIGH,
            EscalationLevel.ELEVATED,
            "measure_deterioration",
            LocalDate.parse("2026-11-26"),
            null,
            "GAD-7 anxiety score rose from 6 (mild) to 11 (moderate).",
            new Alert.MeasureScores(
                    Instrument.GAD7,
                    6,
                    Gad7Band.MILD,
                    LocalDate.parse("2026-10-01"),
                    11,
                    Gad7Band.MODERATE,
                    LocalDate.parse("2026-11-26"),
                    5,
                    MeasureChange.RELIABLE_DETERIORATION));

    /** One record per topic; a topic added to the registry without a sample fails the test below. */
    private static final Map<String, Object[]> SAMPLES = Map.ofEntries(
            Map.entry(Topics.CHECKINS.name(), new Object[] {"u-123", CHECK_IN}),
            Map.entry(Topics.JOURNAL.name(), new Object[] {"u-123", JOURNAL_ENTRY}),
            Map.entry(Topics.MEASURES.name(), new Object[] {"u-123", MEASURE}),
            Map.entry(Topics.ALERTS.name(), new Object[] {"u-123", ALERT}),
            Map.entry(Topics.NOTIFIER_DEADLETTER.name(), new Object[] {UNDELIVERED.webhookId(), UNDELIVERED}),
            Map.entry(Topics.SHARING.name(), new Object[] {"u-123", SHARING_CHANGE}),
            Map.entry(Topics.AUDIT.name(), new Object[] {"u-123", AUDIT_RECORD}),
            Map.entry(Topics.KEYS.name(), new Object[] {
                "k1|u-123".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3, (byte) 0xfe}
            }),
            Map.entry(
                    Topics.ERASURE_REQUESTS.name(),
                    new Object[] {"u-123", new ErasureRequest(Instant.parse("2026-11-27T10:00:00Z"))}),
            Map.entry(
                    Topics.ERASURES.name(),
                    new Object[] {"p-3f9a", new Erasure("p-3f9a", Instant.parse("2026-11-27T10:00:02Z"))}),
            Map.entry(Topics.DEADLETTER.name(), new Object[] {
                "u-123".getBytes(StandardCharsets.UTF_8), new byte[] {'{', 0, (byte) 0xff}
            }));

    @Test
    void everyTopicsSerdesRoundTrip() {
        assertThat(SAMPLES.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Topics.ALL.stream().map(Topic::name).toList());
        for (Topic<?, ?> topic : Topics.ALL) {
            Object[] sample = SAMPLES.get(topic.name());
            assertThat(roundTrip(topic.keySerde(), topic.name(), sample[0]))
                    .as(topic.name() + " key")
                    .isEqualTo(sample[0]);
            assertThat(roundTrip(topic.valueSerde(), topic.name(), sample[1]))
                    .as(topic.name() + " value")
                    .isEqualTo(sample[1]);
        }
    }

    @Test
    void anEscalationAlertHasNoMeasureFieldAndAMeasureAlertCarriesItsScores() {
        var serde = Topics.ALERTS.valueSerde();
        String escalation =
                new String(serde.serializer().serialize(Topics.ALERTS.name(), ALERT), StandardCharsets.UTF_8);
        byte[] measure = serde.serializer().serialize(Topics.ALERTS.name(), MEASURE_ALERT);

        assertThat(escalation).doesNotContain("measure");
        assertThat(new String(measure, StandardCharsets.UTF_8))
                .contains("\"measure\":{\"instrument\":\"GAD7\",\"firstScore\":6,\"firstBand\":\"mild\"")
                .contains("\"change\":\"reliable_deterioration\"")
                .contains("\"observed\":null");
        assertThat(serde.deserializer().deserialize(Topics.ALERTS.name(), measure))
                .isEqualTo(MEASURE_ALERT);
    }

    @Test
    void tombstonesStayNull() {
        for (Topic<?, ?> topic : Topics.ALL) {
            assertThat(roundTrip(topic.valueSerde(), topic.name(), null))
                    .as(topic.name())
                    .isNull();
        }
    }

    @Test
    void absentOptionalFieldsAreLeftOutNotWrittenAsNull() {
        String json = new String(
                Topics.JOURNAL.valueSerde().serializer().serialize(Topics.JOURNAL.name(), JOURNAL_ENTRY),
                StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("null").doesNotContain("\"text\"").doesNotContain("evidenceFor");
    }

    @Test
    void anAlertNamesTheCliniciansToNotifyInItsNotifyField() {
        String json = new String(
                Topics.ALERTS.valueSerde().serializer().serialize(Topics.ALERTS.name(), ALERT), StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"notify\":[\"clinician-7\",\"clinician-9\"]")
                .doesNotContain("clinicians");
    }

    @Test
    void anAlertWithoutNotifyFromBeforeTheFieldExistedNamesNobody() {
        byte[] old = ("{\"alertId\":\"3c1f9a2e-8b7d-4e6f-a5c4-1b2a3d4e5f60\",\"userId\":\"u-123\","
                        + "\"level\":\"ELEVATED\",\"previousLevel\":\"STEADY\",\"rule\":\"reassurance_doubled\","
                        + "\"day\":\"2026-11-26\",\"observed\":{\"reassuranceAsks7d\":9,\"baselineWeeklyAsks\":3.0,"
                        + "\"deviceChecks7d\":0,\"controlling7d\":0,\"triggers7d\":6},\"message\":\"m\"}")
                .getBytes(StandardCharsets.UTF_8);

        Alert alert = Topics.ALERTS.valueSerde().deserializer().deserialize(Topics.ALERTS.name(), old);

        assertThat(alert.recipients()).isEmpty();
        assertThat(alert.level()).isEqualTo(EscalationLevel.ELEVATED);
    }

    @Test
    void anAlertNamingABlankOrOverlongClinicianDoesNotDeserializeAndTheErrorQuotesNoId() {
        String tooLong = "c".repeat(EventRules.MAX_USER_ID_LENGTH + 1);
        for (String bad : List.of(" ", "", tooLong)) {
            byte[] value = new String(
                            Topics.ALERTS.valueSerde().serializer().serialize(Topics.ALERTS.name(), ALERT),
                            StandardCharsets.UTF_8)
                    .replace("\"clinician-9\"", "\"" + bad + "\"")
                    .getBytes(StandardCharsets.UTF_8);

            assertThatThrownBy(() -> Topics.ALERTS.valueSerde().deserializer().deserialize(Topics.ALERTS.name(), value))
                    .as("notify entry of %d characters", bad.length())
                    .isInstanceOf(SerializationException.class)
                    .hasMessageNotContaining("clinician-7");
        }
        assertThatThrownBy(() -> ALERT.notifying(List.of("clinician-7", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("notify[1] must be a clinician id of 1 to 128 characters, not blank");
        assertThat(ALERT.notifying(List.of("c".repeat(EventRules.MAX_USER_ID_LENGTH)))
                        .recipients())
                .hasSize(1);
    }

    @Test
    void anInvalidCheckInRecordFailsWithAReasonAndNoPayload() {
        String secret = "checked his email";
        byte[] value =
                ("{\"eventId\":\"0b6f6f5e-6a43-4c4e-9a8e-1d2f3a4b5c6d\",\"occurredAt\":\"2026-11-26T21:14:00+01:00\","
                                + "\"context\":\"" + secret + "\",\"distress\":7,\"userId\":\"u-123\"}")
                        .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Topics.CHECKINS.valueSerde().deserializer().deserialize(Topics.CHECKINS.name(), value))
                .isInstanceOf(SerializationException.class)
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_SCHEMA);
                    assertThat(e.errors()).extracting(f -> f.field()).containsExactly("context", "receivedAt");
                    assertThat(e.getMessage())
                            .startsWith("invalid CheckIn record (invalid-schema):")
                            .contains("context must be one of")
                            .doesNotContain(secret);
                });
    }

    @Test
    void bytesThatAreNotJsonFailAsNotJson() {
        byte[] value = "journal: I feel awful".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Topics.JOURNAL.valueSerde().deserializer().deserialize(Topics.JOURNAL.name(), value))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.NOT_JSON);
                    assertThat(e.getMessage())
                            .isEqualTo("invalid JournalEntry record (not-json): <body> is not valid JSON;")
                            .doesNotContain("awful");
                });
    }

    private static <T> T roundTrip(Serde<T> serde, String topic, Object value) {
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        byte[] bytes = serde.serializer().serialize(topic, typed);
        return serde.deserializer().deserialize(topic, bytes);
    }
}
