package dev.reflect.streams.export;

import dev.reflect.events.crypto.TextSealer;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.state.AccessLog;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link ExportSection} writes a person's export from: everything read beforehand from the
 * copy of their partition that answers (state, sharing, entries and measures are one task's
 * stores) and their access log (its own keyspace, possibly from another instance). All of it is
 * read before the first byte is written, so a store that moves away cannot fail the answer after
 * its status was sent; the texts are opened one entry at a time as the document is written.
 *
 * @param state    the person's figures and escalation; {@link UserState#empty()} for someone who
 *                 only answered questionnaires so far
 * @param entries  every kept entry, in any order, texts sealed
 * @param texts    opens the entries' texts; a text whose key is gone is left out and named
 */
public record ExportSource(
        String userId,
        Instant exportedAt,
        UserState state,
        SharingState sharing,
        List<UserEntries.Entry> entries,
        MeasureState measures,
        AccessLog accessLog,
        TextSealer texts,
        ProgressCalculator calculator) {

    public ExportSource {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(exportedAt, "exportedAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(sharing, "sharing");
        entries = List.copyOf(entries);
        Objects.requireNonNull(measures, "measures");
        Objects.requireNonNull(accessLog, "accessLog");
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(calculator, "calculator");
    }

    @Override
    public String toString() {
        return "ExportSource[userId=<redacted>, " + entries.size() + " entries]";
    }
}
