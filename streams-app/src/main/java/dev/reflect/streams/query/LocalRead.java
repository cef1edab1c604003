package dev.reflect.streams.query;

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
     * The copy holds the person.
     *
     * @param sharing whom they share with, from the same copy ({@link SharingState#none()} if nobody)
     * @param entries reads the person's entries from the same copy, when a query needs them
     */
    record Found(UserState state, SharingState sharing, Supplier<List<UserEntries.Entry>> entries)
            implements LocalRead {
        public Found {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(sharing, "sharing");
            Objects.requireNonNull(entries, "entries");
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
        return of(state, SharingState.none(), List::of);
    }

    static LocalRead of(UserState state, Supplier<List<UserEntries.Entry>> entries) {
        return of(state, SharingState.none(), entries);
    }

    static LocalRead of(UserState state, SharingState sharing, Supplier<List<UserEntries.Entry>> entries) {
        SharingState shares = sharing == null ? SharingState.none() : sharing;
        return state == null || state.isEmpty() ? new Absent(shares) : new Found(state, shares, entries);
    }
}
