package dev.reflect.streams.export;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.EventFixtures.escalate;
import static dev.reflect.streams.EventFixtures.gad7;
import static dev.reflect.streams.EventFixtures.noon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.AuditRecord;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Json;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.SharingChange;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Topics;
import dev.reflect.events.crypto.LocalDataKeys;
import dev.reflect.events.crypto.TextSealer;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.measures.MeasureAlerts;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.Score;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.state.AccessLog;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The export document of contract section 9: every section holds what its store holds about the
 * person, texts opened, in the order and with the field names {@code docs/contract.md} gives.
 */
class ExportDocumentTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static final Instant EXPORTED_AT = Instant.parse("2026-12-04T23:59:30Z");

    private final String userId = "u-" + UUID.randomUUID();
    private final LocalDataKeys keys = new LocalDataKeys();
    private final TextSealer texts = new TextSealer(keys);
    private final ProgressCalculator calculator = new ProgressCalculator(EscalationThresholds.defaults());
    private final UserState state = UserState.empty();
    private final List<UserEntries.Entry> entries = new ArrayList<>();

    @Test
    void everySectionHoldsWhatItsStoreHoldsWithTextsOpenedOldestFirst() throws IOException {
        CheckIn monday =
                write(checkIn(userId, DAY).distress(7).note("first note").build());
        JournalEntry tuesday = write(new JournalEntry(
                UUID.randomUUID(),
                noon(DAY.plusDays(1)),
                "the situation",
                new ThoughtRecord(
                        "they left me", "no reply", "they were driving", "a late reply is not leaving", 80, 30),
                userId,
                noon(DAY.plusDays(1)).toInstant().plusSeconds(60)));
        // Controlling behaviour raises the level to SEVERE: one change and one alert.
        CheckIn wednesday = write(checkIn(userId, DAY.plusDays(2))
                .behavior(BehaviorType.CONTROLLED, 1)
                .note("third note")
                .build());
        escalate(userId, state);
        Collections.shuffle(entries);
        MeasureState measures = MeasureState.empty();
        measures.add(Score.of(gad7(userId, DAY, 6)));
        measures.add(Score.of(gad7(userId, DAY.plusDays(2), 15)));
        assertThat(MeasureAlerts.announce(userId, measures)).hasSize(1);
        SharingState sharing = SharingState.none()
                .apply(share("c-now", SharingChange.Action.GRANT, DAY), 0)
                .state()
                .apply(share("c-before", SharingChange.Action.GRANT, DAY), 0)
                .state()
                .apply(share("c-before", SharingChange.Action.REVOKE, DAY.plusDays(1)), 0)
                .state();
        AccessLog log = AccessLog.empty()
                .with(new AuditRecord(
                        UUID.randomUUID(),
                        "c-now",
                        userId,
                        "entries",
                        Instant.parse("2026-12-01T10:00:00Z"),
                        "allowed"));

        JsonNode document = export(
                new ExportSource(userId, EXPORTED_AT, state, sharing, entries, measures, log, texts, calculator));

        assertThat(fieldNames(document))
                .containsExactly(
                        "format",
                        "userId",
                        "exportedAt",
                        "entries",
                        "days",
                        "escalation",
                        "alerts",
                        "measures",
                        "sharing",
                        "accessLog");
        assertThat(document.path("format").asText()).isEqualTo("reflect-export/v1");
        assertThat(document.path("userId").asText()).isEqualTo(userId);
        assertThat(document.path("exportedAt").asText()).isEqualTo("2026-12-04T23:59:30Z");

        JsonNode written = document.path("entries");
        assertThat(written).hasSize(3);
        assertThat(written.get(0).path("eventId").asText())
                .isEqualTo(monday.eventId().toString());
        assertThat(written.get(0).path("type").asText()).isEqualTo("checkin");
        assertThat(written.get(0).path("note").asText()).isEqualTo("first note");
        assertThat(written.get(0).path("distress").asInt()).isEqualTo(7);
        assertThat(written.get(1).path("eventId").asText())
                .isEqualTo(tuesday.eventId().toString());
        assertThat(written.get(1).path("type").asText()).isEqualTo("journal");
        assertThat(written.get(1).path("text").asText()).isEqualTo("the situation");
        assertThat(written.get(1).path("thoughtRecord").path("automaticThought").asText())
                .isEqualTo("they left me");
        assertThat(written.get(1).path("thoughtRecord").path("evidenceAgainst").asText())
                .isEqualTo("they were driving");
        assertThat(written.get(1).path("thoughtRecord").path("beliefAfter").asInt())
                .isEqualTo(30);
        assertThat(written.get(2).path("eventId").asText())
                .isEqualTo(wednesday.eventId().toString());
        assertThat(written.get(2).path("note").asText()).isEqualTo("third note");
        written.forEach(entry -> assertThat(entry.has("userId") || entry.has("sealed") || entry.has("unreadable"))
                .as("an entry shows the person's texts, not their id or ciphertext")
                .isFalse());

        JsonNode days = document.path("days");
        assertThat(days).hasSize(3);
        assertThat(days.get(0).path("date").asText()).isEqualTo(DAY.toString());
        assertThat(days.get(0).path("distressAvg").asDouble()).isEqualTo(7.0);
        assertThat(days.get(1).path("thoughtRecords").asInt()).isEqualTo(1);
        assertThat(days.get(1).path("beliefShiftAvg").asDouble()).isEqualTo(-50.0);
        assertThat(days.get(2).path("controlling").asInt()).isEqualTo(1);

        JsonNode escalation = document.path("escalation");
        assertThat(escalation.path("now").path("level").asText()).isEqualTo("SEVERE");
        assertThat(escalation.path("now").path("since").asText())
                .isEqualTo(DAY.plusDays(2).toString());
        assertThat(escalation.path("history")).hasSize(1);
        assertThat(escalation.path("history").get(0).path("previousLevel").asText())
                .isEqualTo("STEADY");
        assertThat(escalation.path("history").get(0).path("rule").asText()).isEqualTo("controlling");

        JsonNode alerts = document.path("alerts");
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).path("track").asText()).isEqualTo("escalation");
        assertThat(alerts.get(0).path("level").asText()).isEqualTo("SEVERE");
        assertThat(alerts.get(0).path("rule").asText()).isEqualTo("controlling");
        assertThat(alerts.get(1).path("track").asText()).isEqualTo("measure");
        assertThat(alerts.get(1).path("rule").asText()).isEqualTo("measure_deterioration");
        assertThat(alerts.get(1).path("measure").path("score").asInt()).isEqualTo(15);
        assertThat(alerts.get(1).path("message").asText()).contains("from 6 (mild)", "to 15 (severe)");

        JsonNode gad7 = document.path("measures").path("GAD7");
        assertThat(gad7.path("summary").path("latestScore").asInt()).isEqualTo(15);
        assertThat(gad7.path("summary").path("change").asText()).isEqualTo("reliable_deterioration");
        assertThat(gad7.path("scores")).hasSize(2);
        assertThat(gad7.path("scores").get(0).path("score").asInt()).isEqualTo(6);
        assertThat(gad7.path("scores").get(0).path("band").asText()).isEqualTo("mild");
        assertThat(gad7.path("scores").get(1).path("items")).hasSize(7);

        JsonNode shares = document.path("sharing");
        assertThat(shares).hasSize(2);
        assertThat(shares.get(0).path("clinicianId").asText()).isEqualTo("c-before");
        assertThat(shares.get(0).path("sharing").asBoolean()).isFalse();
        assertThat(shares.get(1).path("clinicianId").asText()).isEqualTo("c-now");
        assertThat(shares.get(1).path("sharing").asBoolean()).isTrue();
        assertThat(shares.get(1).path("since").asText())
                .isEqualTo(noon(DAY).toInstant().toString());

        JsonNode reads = document.path("accessLog");
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).path("readerId").asText()).isEqualTo("c-now");
        assertThat(reads.get(0).path("what").asText()).isEqualTo("entries");
        assertThat(reads.get(0).path("day").asText()).isEqualTo("2026-12-01");
        assertThat(reads.get(0).path("count").asInt()).isEqualTo(1);
    }

    @Test
    void aTextWhoseKeyIsGoneIsLeftOutAndNamedTheRestOfTheEntryStays() throws IOException {
        CheckIn sealedUnderOldKey =
                write(checkIn(userId, DAY).distress(4).note("lost note").build());
        keys.destroy(userId);
        CheckIn sealedUnderNewKey =
                write(checkIn(userId, DAY.plusDays(1)).note("kept note").build());

        JsonNode written = export(new ExportSource(
                        userId,
                        EXPORTED_AT,
                        state,
                        SharingState.none(),
                        entries,
                        MeasureState.empty(),
                        AccessLog.empty(),
                        texts,
                        calculator))
                .path("entries");

        assertThat(written.get(0).path("eventId").asText())
                .isEqualTo(sealedUnderOldKey.eventId().toString());
        assertThat(written.get(0).has("note")).isFalse();
        assertThat(written.get(0).path("unreadable").toString()).contains("note");
        assertThat(written.get(0).path("distress").asInt()).isEqualTo(4);
        assertThat(written.get(1).path("eventId").asText())
                .isEqualTo(sealedUnderNewKey.eventId().toString());
        assertThat(written.get(1).path("note").asText()).isEqualTo("kept note");
    }

    @Test
    void someoneWhoOnlyAnsweredAQuestionnaireHasTheirScoresAndEmptySections() throws IOException {
        MeasureState measures = MeasureState.empty();
        measures.add(Score.of(gad7(userId, DAY, 9)));

        JsonNode document = export(new ExportSource(
                userId,
                EXPORTED_AT,
                UserState.empty(),
                SharingState.none(),
                List.of(),
                measures,
                AccessLog.empty(),
                texts,
                calculator));

        assertThat(document.path("entries")).isEmpty();
        assertThat(document.path("days")).isEmpty();
        assertThat(document.path("escalation").path("now").isNull()).isTrue();
        assertThat(document.path("escalation").path("history")).isEmpty();
        assertThat(document.path("alerts")).isEmpty();
        assertThat(document.path("measures").path("GAD7").path("scores")).hasSize(1);
        assertThat(document.path("sharing")).isEmpty();
        assertThat(document.path("accessLog")).isEmpty();
    }

    @Test
    void theFileIsNamedForTheUtcDayAndTheResponseStreamIsLeftOpen() throws IOException {
        ExportDocument document = ExportDocument.of(new ExportSource(
                userId,
                Instant.parse("2026-12-04T23:59:59Z"),
                UserState.empty(),
                SharingState.none(),
                List.of(),
                MeasureState.empty(),
                AccessLog.empty(),
                texts,
                calculator));
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream response = new FilterOutputStream(bytes) {
            @Override
            public void close() {
                closed.set(true);
            }
        };

        document.writeTo(response);

        assertThat(document.fileName()).isEqualTo("reflect-export-2026-12-04.json");
        assertThat(closed).as("the server closes the response, not the writer").isFalse();
        assertThat(Json.mapper().readTree(bytes.toByteArray()).path("userId").asText())
                .isEqualTo(userId);
        assertThat(document.toString()).doesNotContain(userId);
    }

    private JsonNode export(ExportSource source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportDocument.of(source).writeTo(out);
        return Json.mapper().readTree(out.toByteArray());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private SharingChange share(String clinicianId, SharingChange.Action action, LocalDate day) {
        return new SharingChange(
                UUID.randomUUID(),
                noon(day),
                clinicianId,
                action,
                userId,
                noon(day).toInstant());
    }

    /** Counts {@code event} into the state and stores it sealed, as the topology and ingest do. */
    private <E extends ReflectEvent> E write(E event) {
        state.add(event);
        ReflectEvent sealed = texts.seal(event);
        byte[] bytes = sealed instanceof CheckIn checkIn
                ? Topics.CHECKINS.valueSerde().serializer().serialize("t", checkIn)
                : Topics.JOURNAL.valueSerde().serializer().serialize("t", (JournalEntry) sealed);
        entries.add(new UserEntries.Entry(
                event instanceof CheckIn ? UserEntries.Kind.CHECK_IN : UserEntries.Kind.JOURNAL,
                event.occurredAt().toInstant().toEpochMilli(),
                event.localDay(),
                event.eventId(),
                bytes));
        return event;
    }
}
