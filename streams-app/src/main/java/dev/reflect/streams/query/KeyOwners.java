package dev.reflect.streams.query;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instances hold a user's state, as Kafka Streams' metadata says right now: the active
 * copy's host and the standby replicas' hosts (each an instance's {@code application.server}),
 * and this instance's own address to tell local copies from remote ones.
 *
 * @param partition the store partition (= input topic partition) the user's key belongs to
 */
public record KeyOwners(int partition, HostInfo active, Set<HostInfo> standbys, HostInfo self) {

    public KeyOwners {
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(self, "self");
        standbys = Set.copyOf(standbys);
    }

    public boolean activeHere() {
        return active.equals(self);
    }

    public boolean standbyHere() {
        return standbys.contains(self);
    }

    /** The standby hosts other than this instance. */
    public Set<HostInfo> remoteStandbys() {
        return standbys.stream().filter(host -> !host.equals(self)).collect(Collectors.toUnmodifiableSet());
    }
}
