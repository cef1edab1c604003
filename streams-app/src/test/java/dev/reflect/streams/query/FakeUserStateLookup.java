package dev.reflect.streams.query;

import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.state.AccessLog;
import dev.reflect.streams.state.CaseloadEntry;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A {@link UserStateLookup} whose metadata and local copies the test sets: who holds each user,
 * and what this instance's active and standby copies say.
 */
final class FakeUserStateLookup implements UserStateLookup {

    static final int PARTITION = 3;

    private volatile HostInfo self;
    private volatile boolean othersAbsentHere;
    private final Map<String, KeyOwners> owners = new ConcurrentHashMap<>();
    private final Map<String, LocalRead> activeCopies = new ConcurrentHashMap<>();
    private final Map<String, LocalRead> anyCopies = new ConcurrentHashMap<>();
    private final Map<String, SharingState> sharing = new ConcurrentHashMap<>();
    private final Map<String, List<CaseloadEntry>> caseloads = new ConcurrentHashMap<>();
    private final Map<String, AccessLog> accessLogs = new ConcurrentHashMap<>();
    private volatile HostInfo accessLogHost;

    FakeUserStateLookup(HostInfo self) {
        this.self = self;
    }

    /** For a server that learns its own address only once it has bound its port; set before the users. */
    void self(HostInfo address) {
        this.self = address;
    }

    /** This instance holds the active copy of the user's partition, with {@code state} in it (null: absent). */
    FakeUserStateLookup activeHere(String userId, UserState state, HostInfo... standbys) {
        return activeHere(userId, state, List.of(), standbys);
    }

    /** The same, with the user's entries too. */
    FakeUserStateLookup activeHere(
            String userId, UserState state, List<UserEntries.Entry> entries, HostInfo... standbys) {
        owners.put(userId, new KeyOwners(PARTITION, self, Set.of(standbys), self));
        activeCopies.put(userId, LocalRead.of(state, sharingOf(userId), () -> entries));
        anyCopies.put(userId, LocalRead.of(state, sharingOf(userId), () -> entries));
        return this;
    }

    /** The person shares with {@code clinicians}; set before their copies. */
    FakeUserStateLookup sharing(String userId, SharingState state) {
        sharing.put(userId, state);
        return this;
    }

    /** The clinician's caseload, held by this instance's active copy. */
    FakeUserStateLookup caseload(String clinicianId, List<CaseloadEntry> entries) {
        caseloads.put(clinicianId, entries);
        return this;
    }

    /** Every access log's active copy is on {@code host}, not here (the access log is keyed apart). */
    FakeUserStateLookup accessLogsAt(HostInfo host) {
        accessLogHost = host;
        return this;
    }

    FakeUserStateLookup accessLog(String userId, AccessLog log) {
        accessLogs.put(userId, log);
        return this;
    }

    private SharingState sharingOf(String userId) {
        return sharing.getOrDefault(userId, SharingState.none());
    }

    /** This instance holds the active copy of the user's partition, with their state and their measures. */
    FakeUserStateLookup activeHere(String userId, UserState state, MeasureState measures) {
        owners.put(userId, new KeyOwners(PARTITION, self, Set.of(), self));
        activeCopies.put(userId, LocalRead.of(state, sharingOf(userId), List::of, () -> measures));
        anyCopies.put(userId, LocalRead.of(state, sharingOf(userId), List::of, () -> measures));
        return this;
    }

    /** The active copy is at {@code active}; this instance has a standby copy only if {@code standbyState} is set. */
    FakeUserStateLookup activeElsewhere(String userId, HostInfo active, UserState standbyState, HostInfo... standbys) {
        owners.put(userId, new KeyOwners(PARTITION, active, Set.of(standbys), self));
        activeCopies.put(userId, new LocalRead.Unavailable());
        if (standbyState != null) {
            anyCopies.put(userId, LocalRead.of(standbyState));
        }
        return this;
    }

    /** This instance holds the user's partition but cannot serve it now (restoring, migrating). */
    FakeUserStateLookup unavailableHere(String userId, HostInfo... standbys) {
        owners.put(userId, new KeyOwners(PARTITION, self, Set.of(standbys), self));
        activeCopies.put(userId, new LocalRead.Unavailable());
        anyCopies.put(userId, new LocalRead.Unavailable());
        return this;
    }

    /** Every user not set up otherwise belongs to this instance's active copy and has no data: a 404, never a 503. */
    FakeUserStateLookup othersAbsentHere() {
        othersAbsentHere = true;
        return this;
    }

    @Override
    public Optional<KeyOwners> locate(String userId, UserQuery.Keyspace keyspace) {
        if (keyspace == UserQuery.Keyspace.ACCESS_LOG && accessLogHost != null) {
            return Optional.of(new KeyOwners(PARTITION, accessLogHost, Set.of(), self));
        }
        if (keyspace != UserQuery.Keyspace.PERSON) {
            return Optional.of(new KeyOwners(PARTITION, self, Set.of(), self));
        }
        KeyOwners known = owners.get(userId);
        if (known == null && othersAbsentHere) {
            return Optional.of(new KeyOwners(PARTITION, self, Set.of(), self));
        }
        return Optional.ofNullable(known);
    }

    @Override
    public LocalRead read(String userId, int partition, Copy copy) {
        if (partition != PARTITION) {
            throw new AssertionError("read the wrong partition");
        }
        Map<String, LocalRead> copies = copy == Copy.ACTIVE ? activeCopies : anyCopies;
        if (othersAbsentHere && !owners.containsKey(userId)) {
            return LocalRead.of(null, sharingOf(userId), List::of);
        }
        return copies.getOrDefault(userId, new LocalRead.Unavailable());
    }

    @Override
    public LocalRead caseload(String clinicianId, int partition, Copy copy) {
        return new LocalRead.Caseload(caseloads.getOrDefault(clinicianId, List.of()));
    }

    @Override
    public LocalRead accessLog(String userId, int partition, Copy copy) {
        return new LocalRead.Log(accessLogs.getOrDefault(userId, AccessLog.empty()));
    }
}
