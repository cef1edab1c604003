package dev.reflect.streams.state;

import dev.reflect.events.AuditRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Who read one person's data, for the person to see (contract section 8): the records of
 * {@code reflect.audit.v1} about them, one line per reader, kind of data, outcome and UTC day,
 * with how many such reads there were and the last one's time. A clinician who opens their
 * caseload every few minutes is one line a day, not hundreds. Lines older than
 * {@link #RETENTION} behind the newest read, and beyond {@link #MAX_LINES}, are dropped.
 *
 * @param lines newest first
 */
public record AccessLog(List<Line> lines) {

    public static final Duration RETENTION = Duration.ofDays(90);
    public static final int MAX_LINES = 2000;

    /** Reads by one reader of one kind of data with one outcome on one UTC day. */
    public record Line(String readerId, String what, String outcome, LocalDate day, int count, Instant lastAt) {
        public Line {
            Objects.requireNonNull(readerId, "readerId");
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(lastAt, "lastAt");
        }

        boolean sameAs(AuditRecord read, LocalDate readDay) {
            return readerId.equals(read.readerId())
                    && what.equals(read.what())
                    && outcome.equals(read.outcome())
                    && day.equals(readDay);
        }
    }

    private static final Comparator<Line> NEWEST_FIRST =
            Comparator.comparing(Line::lastAt).reversed().thenComparing(Line::readerId);

    public AccessLog {
        lines = List.copyOf(lines);
    }

    public static AccessLog empty() {
        return new AccessLog(List.of());
    }

    /** This log with one more read counted. */
    public AccessLog with(AuditRecord read) {
        LocalDate day = read.at().atOffset(ZoneOffset.UTC).toLocalDate();
        List<Line> updated = new ArrayList<>(lines.size() + 1);
        boolean counted = false;
        for (Line line : lines) {
            if (!counted && line.sameAs(read, day)) {
                Instant last = line.lastAt().isAfter(read.at()) ? line.lastAt() : read.at();
                updated.add(new Line(line.readerId(), line.what(), line.outcome(), day, line.count() + 1, last));
                counted = true;
            } else {
                updated.add(line);
            }
        }
        if (!counted) {
            updated.add(new Line(read.readerId(), read.what(), read.outcome(), day, 1, read.at()));
        }
        updated.sort(NEWEST_FIRST);
        Instant cutoff = updated.get(0).lastAt().minus(RETENTION);
        updated.removeIf(line -> line.lastAt().isBefore(cutoff));
        return new AccessLog(updated.size() > MAX_LINES ? updated.subList(0, MAX_LINES) : updated);
    }

    @Override
    public String toString() {
        return "AccessLog[" + lines.size() + " lines]";
    }
}
