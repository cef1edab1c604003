package dev.reflect.service.http;

/**
 * 401 with the {@code WWW-Authenticate: Bearer} challenge of RFC 6750: no token at all gets the
 * bare challenge, a rejected token gets {@code error="invalid_token"}.
 */
public class UnauthorizedException extends ProblemException {

    private static final String REALM = "Bearer realm=\"reflect\"";

    private UnauthorizedException(String detail, String challenge) {
        super(401, "unauthorized", "Unauthorized", detail);
        header("WWW-Authenticate", challenge);
    }

    public static UnauthorizedException missingToken() {
        return new UnauthorizedException("A bearer token is required.", REALM);
    }

    public static UnauthorizedException invalidToken(String detail) {
        return new UnauthorizedException(detail, REALM + ", error=\"invalid_token\"");
    }
}
