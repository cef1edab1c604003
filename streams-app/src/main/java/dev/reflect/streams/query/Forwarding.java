package dev.reflect.streams.query;

/**
 * The headers of the query API's calls between instances.
 *
 * <p>A query for a user whose state another instance holds is sent on to that instance as the
 * same public request, with the caller's own {@code Authorization} header and
 * {@value #FORWARDED_HEADER}. The owner verifies the token and the caller's right to read again,
 * so forwarding grants nothing the token does not. The marker makes the owner answer from its
 * own copies only, never forward again, so two instances whose metadata disagree for a moment
 * cannot pass a request back and forth. A client that sets the marker itself only loses the
 * forwarding.
 */
public final class Forwarding {

    /** Present on a request one instance sends another: answer from local copies only. */
    public static final String FORWARDED_HEADER = "Reflect-Forwarded";

    /**
     * On every answer computed from state: {@code active}, or {@code standby} when it came from a
     * standby replica because the active copy was out of reach (its figures may lag by seconds).
     */
    public static final String REPLICA_HEADER = "Reflect-Replica";

    private Forwarding() {}
}
