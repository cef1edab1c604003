package dev.reflect.streams.query;

import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.state.AccessLog;
import dev.reflect.streams.state.CaseloadEntry;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The outcome of reading this instance's own copy of a person's (or a clinician's) data. */
public sealed interface LocalRead {

    /**
     * The copy holds the person: their state, or (a person who only answered questionnaires so far)
     * an empty state and their measures.
     *
     * @param sharing  whom they share with, from the same copy ({@link SharingState#none()} if nobody)
     * @param entries  reads the person's entries from the same copy, when a query needs them
     * @param measures reads the person's measures from the same copy, when a query needs them
     */
    record Found(
            UserState state,
            SharingState sharing,
            Supplier<List<UserEntries.Entry>> entries,
            Supplier<MeasureState> measures)
            implements LocalRead {
        public Found {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(sharing, "sharing");
            Objects.requireNonNull(entries, "entries");
            Objects.requireNonNull(measures, "measures");
        }

        public Found(UserState state, Supplier<List<UserEntries.Entry>> entries) {
            this(state, SharingState.none(), entries, MeasureState::empty);
        }
    }

    /**
     * The copy is queryable and holds no data of the person; they may still share with someone.
     */
    record Absent(SharingState sharing) implements LocalRead {
        public Absent {
            Objects.requireNonNull(sharing, "sharing");
        }

        public Absent() {
            this(SharingState.none());
        }
    }

    /** No queryable copy here right now: restoring, migrated in a rebalance, or shutting down. */
    record Unavailable() implements LocalRead {}

    /** A clinician's caseload as this copy holds it (possibly empty), in userId order. */
    record Caseload(List<CaseloadEntry> entries) implements LocalRead {
        public Caseload {
            entries = List.copyOf(entries);
        }
    }

    /** Who read a person's data, as this copy holds it. */
    record Log(AccessLog log) implements LocalRead {
        public Log {
            Objects.requireNonNull(log, "log");
        }
    }

    static LocalRead of(UserState state) {
        return of(state, SharingState.none(), List::of, MeasureState::empty);
    }

    static LocalRead of(UserState state, Supplier<List<UserEntries.Entry>> entries) {
        return of(state, SharingState.none(), entries, MeasureState::empty);
    }

    static LocalRead of(UserState state, SharingState sharing, Supplier<List<UserEntries.Entry>> entries) {
        return of(state, sharing, entries, MeasureState::empty);
    }

    static LocalRead of(UserState state, Supplier<List<UserEntries.Entry>> entries, Supplier<MeasureState> measures) {
        return of(state, SharingState.none(), entries, measures);
    }

    /**
     * A person is there when they have a state or measures; {@code measures} is read at once only
     * when there is no state. Whom they share with comes from the same copy.
     */
    static LocalRead of(
            UserState state,
            SharingState sharing,
            Supplier<List<UserEntries.Entry>> entries,
            Supplier<MeasureState> measures) {
        SharingState shares = sharing == null ? SharingState.none() : sharing;
        if (state != null && !state.isEmpty()) {
            return new Found(state, shares, entries, measures);
        }
        MeasureState only = measures.get();
        return only == null || only.isEmpty()
                ? new Absent(shares)
                : new Found(UserState.empty(), shares, entries, () -> only);
    }
}
