package dev.reflect.streams.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.events.Alert;
import dev.reflect.events.Instrument;
import dev.reflect.events.Json;
import dev.reflect.streams.entries.EntriesPage;
import dev.reflect.streams.measures.MeasureAlerts;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.MeasureSummary;
import dev.reflect.streams.measures.Score;
import dev.reflect.streams.progress.DayProgress;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.state.AccessLog;
import dev.reflect.streams.state.EscalationState;
import dev.reflect.streams.state.LevelChange;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.UserEntries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sections of an export, in the order they are written; each one is what one store holds
 * about the person (see {@code docs/data-map.md}). Lists are oldest first, except the access log,
 * newest first as its own answer has it.
 */
public final class ExportSections {

    private static final Comparator<UserEntries.Entry> OLDEST_FIRST =
            Comparator.comparingLong(UserEntries.Entry::occurredAtMillis).thenComparing(UserEntries.Entry::eventId);

    /**
     * {@code reflect-user-entries}: every kept check-in and journal entry, as {@code /v1/me/entries}
     * shows it (texts opened, a text whose key is gone left out and named under
     * {@code unreadable}), oldest first, opened and written one at a time.
     */
    public static final ExportSection ENTRIES = section("entries", (out, source) -> {
        List<UserEntries.Entry> entries = new ArrayList<>(source.entries());
        entries.sort(OLDEST_FIRST);
        ObjectMapper mapper = Json.mapper();
        out.writeStartArray();
        for (UserEntries.Entry entry : entries) {
            mapper.writeTree(out, EntriesPage.view(entry, source.texts()));
        }
        out.writeEndArray();
    });

    /** {@code reflect-user-state}: the figures of every kept day with data, as progress shows a day. */
    public static final ExportSection DAYS = section("days", (out, source) -> {
        out.writeStartArray();
        for (DayProgress day : ProgressCalculator.keptDays(source.state())) {
            Json.mapper().writeValue(out, day);
        }
        out.writeEndArray();
    });

    /**
     * {@code reflect-user-state}: the escalation now (as {@code /v1/me/escalation} answers it) and
     * the kept history of level changes; {@code now} is null for someone with no check-in or
     * journal entry yet.
     */
    public static final ExportSection ESCALATION = section("escalation", (out, source) -> {
        EscalationState escalation = source.state().escalation();
        out.writeStartObject();
        out.writeFieldName("now");
        Json.mapper()
                .writeValue(
                        out,
                        source.state().isEmpty() ? null : source.calculator().escalation(source.state()));
        out.writeStringField(
                "historyFrom",
                escalation.windowStart() == null
                        ? null
                        : escalation.windowStart().toString());
        out.writeArrayFieldStart("history");
        for (LevelChange change : history(escalation)) {
            out.writeStartObject();
            out.writeStringField("day", change.day().toString());
            out.writeStringField("previousLevel", change.previous().name());
            out.writeStringField("level", change.level().name());
            out.writeStringField("rule", change.rule().wireName());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    });

    /**
     * The alerts sent about the person: escalation alerts as kept in {@code reflect-user-state}
     * (day, level and the rule of the change they announced), then the measure alerts derived
     * from {@code reflect-user-measures} as they were sent, without userId and recipients.
     */
    public static final ExportSection ALERTS = section("alerts", (out, source) -> {
        EscalationState escalation = source.state().escalation();
        List<LevelChange> history = history(escalation);
        out.writeStartArray();
        for (EscalationState.Announcement alert : escalation.announced()) {
            out.writeStartObject();
            out.writeStringField("track", "escalation");
            out.writeStringField("day", alert.day().toString());
            out.writeStringField("level", alert.level().name());
            out.writeStringField(
                    "rule",
                    history.stream()
                            .filter(change -> change.day().equals(alert.day()) && change.level() == alert.level())
                            .map(change -> change.rule().wireName())
                            .findFirst()
                            .orElse(null));
            out.writeEndObject();
        }
        for (Alert alert : MeasureAlerts.sent(source.userId(), source.measures())) {
            out.writeStartObject();
            out.writeStringField("track", "measure");
            out.writeStringField("alertId", alert.alertId().toString());
            out.writeStringField("day", alert.day().toString());
            out.writeStringField("level", alert.level().name());
            out.writeStringField("previousLevel", alert.previousLevel().name());
            out.writeStringField("rule", alert.rule());
            out.writeStringField("message", alert.message());
            out.writeFieldName("measure");
            Json.mapper().writeValue(out, alert.measure());
            out.writeEndObject();
        }
        out.writeEndArray();
    });

    /**
     * {@code reflect-user-measures}: per instrument answered, the summary progress carries and every
     * kept score (the 90-day window and the 90 days before it), oldest first, with its answers.
     */
    public static final ExportSection MEASURES = section("measures", (out, source) -> {
        MeasureState measures = source.measures();
        Map<Instrument, MeasureSummary> summaries = measures.summaries();
        out.writeStartObject();
        for (Instrument instrument : Instrument.values()) {
            List<Score> kept = measures.kept(instrument);
            if (kept.isEmpty()) {
                continue;
            }
            out.writeObjectFieldStart(instrument.name());
            out.writeFieldName("summary");
            Json.mapper().writeValue(out, summaries.get(instrument));
            out.writeArrayFieldStart("scores");
            for (Score score : kept) {
                out.writeStartObject();
                out.writeStringField("eventId", score.eventId().toString());
                out.writeStringField("occurredAt", score.occurredAt().toString());
                out.writeStringField("receivedAt", score.receivedAt().toString());
                out.writeStringField("day", score.day().toString());
                out.writeNumberField("score", score.score());
                out.writeStringField("band", score.band().wireName());
                out.writeArrayFieldStart("items");
                for (int answer : score.items()) {
                    out.writeNumber(answer);
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        out.writeEndObject();
    });

    /**
     * {@code reflect-sharing}: every clinician the person shares or shared with, in id order, with
     * whether they share now, since when, and when that last changed.
     */
    public static final ExportSection SHARING = section("sharing", (out, source) -> {
        out.writeStartArray();
        for (Map.Entry<String, SharingState.Grant> grant :
                new TreeMap<>(source.sharing().clinicians()).entrySet()) {
            out.writeStartObject();
            out.writeStringField("clinicianId", grant.getKey());
            out.writeBooleanField("sharing", grant.getValue().active());
            out.writeStringField("since", grant.getValue().since().toString());
            out.writeStringField("changedAt", grant.getValue().changedAt().toString());
            out.writeEndObject();
        }
        out.writeEndArray();
    });

    /** {@code reflect-access-log}: who read the person's data, as {@code /v1/me/access-log} answers it. */
    public static final ExportSection ACCESS_LOG = section("accessLog", (out, source) -> {
        out.writeStartArray();
        for (AccessLog.Line line : source.accessLog().lines()) {
            Json.mapper().writeValue(out, line);
        }
        out.writeEndArray();
    });

    /** Every section, in the order the document has them. */
    public static final List<ExportSection> ALL =
            List.of(ENTRIES, DAYS, ESCALATION, ALERTS, MEASURES, SHARING, ACCESS_LOG);

    private ExportSections() {}

    /** The kept level changes, oldest first: the one before the kept days, then those within them. */
    private static List<LevelChange> history(EscalationState escalation) {
        List<LevelChange> history = new ArrayList<>();
        if (escalation.base() != null) {
            history.add(escalation.base());
        }
        history.addAll(escalation.changes());
        return history;
    }

    private interface Writer {
        void write(JsonGenerator out, ExportSource source) throws IOException;
    }

    private static ExportSection section(String name, Writer writer) {
        return new ExportSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void write(JsonGenerator out, ExportSource source) throws IOException {
                writer.write(out, source);
            }

            @Override
            public String toString() {
                return "ExportSection[" + name + "]";
            }
        };
    }
}
