package dev.reflect.streams.query;

import java.util.Objects;

/** What the query API sends back for a {@link UserQuery} that could be answered. */
public sealed interface QueryAnswer {

    /**
     * Computed here from a local copy: a {@code Progress} or an {@code EscalationView}, written as JSON.
     *
     * @param fromStandby true when the copy was a standby replica (see {@link Forwarding#REPLICA_HEADER})
     */
    record Computed(Object body, boolean fromStandby) implements QueryAnswer {
        public Computed {
            Objects.requireNonNull(body, "body");
        }
    }

    /** Done here, nothing to say: 204. */
    record NoContent(boolean fromStandby) implements QueryAnswer {}

    /** Another instance's answer, passed on as it is (status, body and the headers that matter). */
    record Relayed(PeerResponse response) implements QueryAnswer {
        public Relayed {
            Objects.requireNonNull(response, "response");
        }
    }
}
