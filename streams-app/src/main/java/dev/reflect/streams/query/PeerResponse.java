package dev.reflect.streams.query;

import java.util.Map;
import java.util.Objects;

/**
 * Another instance's answer to a forwarded query, passed on to the caller as it is.
 *
 * @param headers the response headers worth passing on ({@code Content-Type}, {@code Content-Disposition}, {@code Retry-After},
 *                {@code WWW-Authenticate}, {@link Forwarding#REPLICA_HEADER}), by their canonical names
 */
public record PeerResponse(int status, Map<String, String> headers, byte[] body) {

    public PeerResponse {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** A 5xx means the peer could not answer for its copy; another copy may still. */
    public boolean isServerError() {
        return status >= 500;
    }
}
