package dev.reflect.service.auth;

/**
 * Who a request is from: the token's {@code sub} as the userId, and whether its {@code scope}
 * holds {@value JwtAuthenticator#CLINICIAN_SCOPE}. {@link #toString()} leaves the userId out so
 * that a principal that ends up in a log line does not take the id with it.
 */
public record Principal(String userId, boolean clinician) {

    /** The longest userId the topics accept (the streams app rejects longer ones). */
    public static final int MAX_USER_ID_LENGTH = 128;

    /** A user reads their own data; a clinician reads anyone's. */
    public boolean mayRead(String otherUserId) {
        return clinician || userId.equals(otherUserId);
    }

    @Override
    public String toString() {
        return "Principal[userId=<redacted>, clinician=" + clinician + "]";
    }
}
