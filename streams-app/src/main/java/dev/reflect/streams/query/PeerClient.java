package dev.reflect.streams.query;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/** Asks another instance of the streams app a query, marked as forwarded (see {@link Forwarding}). */
public interface PeerClient {

    /**
     * Sends {@code query} to {@code host} with the caller's {@code Authorization} header value.
     * Completes with the peer's answer, whatever its status; completes exceptionally when the
     * peer cannot be reached or does not answer in time.
     */
    CompletableFuture<PeerResponse> fetch(HostInfo host, UserQuery query, String authorization);
}
