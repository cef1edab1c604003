package dev.reflect.service.auth;

/**
 * Who a request is from: the token's {@code sub} as the userId, and whether its {@code scope}
 * holds {@value JwtAuthenticator#CLINICIAN_SCOPE}. {@link #toString()} leaves the userId out so
 * that a principal that ends up in a log line does not take the id with it.
 */
public record Principal(String userId, boolean clinician) {

    /** The longest userId the topics accept (the streams app rejects longer ones). */
    public static final int MAX_USER_ID_LENGTH = 128;

    /**
     * Whether this is {@code otherUserId}'s own token. A clinician reads someone else's data only
     * while that person shares with them (contract section 8), which only the streams app, holding
     * the person's sharing, can tell.
     */
    public boolean is(String otherUserId) {
        return userId.equals(otherUserId);
    }

    @Override
    public String toString() {
        return "Principal[userId=<redacted>, clinician=" + clinician + "]";
    }
}
