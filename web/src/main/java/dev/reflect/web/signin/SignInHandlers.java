package dev.reflect.web.signin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.FieldError;
import dev.reflect.events.Json;
import dev.reflect.events.validation.ValidationMessages;
import dev.reflect.service.http.InvalidRequestException;
import dev.reflect.service.http.ServiceUnavailableException;
import dev.reflect.service.http.UnsupportedMediaTypeException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /auth/config} tells the app how to sign in; {@code POST /auth/token} exchanges an
 * authorization code (with its PKCE verifier) or a refresh token at the issuer's token endpoint
 * and hands the tokens to the app. The browser made the PKCE pair and keeps the verifier; this
 * server only relays, so the app needs no connection to any origin but its own (its CSP says
 * {@code connect-src 'self'}) and the issuer needs no CORS for it.
 *
 * <p>Codes, verifiers and tokens are never logged. A cross-site page cannot use the relay: it
 * wants {@code application/json}, which a cross-origin request can only send after a CORS
 * preflight that this server never grants.
 */
public final class SignInHandlers {

    static final int MAX_PARAMETER_LENGTH = 4096;

    private final Optional<Issuer> issuer;

    public SignInHandlers(Optional<Issuer> issuer) {
        this.issuer = issuer;
    }

    /** {@code GET /auth/config}: {@code {"mode":"development"}} or the issuer's authorization request settings. */
    public void config(Context ctx) {
        if (issuer.isEmpty()) {
            ctx.json(Map.of("mode", "development"));
            return;
        }
        IssuerMetadata metadata = issuer.get().metadata();
        SignInSettings settings = issuer.get().settings();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", "oidc");
        body.put("authorizationEndpoint", metadata.authorizationEndpoint().toString());
        body.put("clientId", settings.clientId());
        body.put("scope", settings.scope());
        metadata.endSessionEndpoint().ifPresent(end -> body.put("endSessionEndpoint", end.toString()));
        ctx.json(body);
    }

    /** {@code POST /auth/token}. */
    public void token(Context ctx) {
        if (issuer.isEmpty()) {
            throw new InvalidRequestException(
                    "This Reflect signs in with development tokens, not through an issuer.", List.of());
        }
        JsonNode body = jsonBody(ctx);
        List<FieldError> errors = new ArrayList<>();
        String grantType = text(body, "grantType", errors);
        Map<String, String> parameters = new LinkedHashMap<>();
        if ("authorization_code".equals(grantType)) {
            parameters.put("grant_type", "authorization_code");
            parameters.put("code", text(body, "code", errors));
            parameters.put("code_verifier", text(body, "codeVerifier", errors));
            parameters.put("redirect_uri", text(body, "redirectUri", errors));
        } else if ("refresh_token".equals(grantType)) {
            parameters.put("grant_type", "refresh_token");
            parameters.put("refresh_token", text(body, "refreshToken", errors));
        } else if (grantType != null) {
            errors.add(new FieldError("grantType", "must be one of authorization_code, refresh_token"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Issuer.TokenAnswer answer = issuer.get().token(parameters);
        if (answer.status() >= 500) {
            throw new ServiceUnavailableException("Sign-in is not available right now.", Issuer.RETRY_AFTER);
        }
        JsonNode tokens = answer.body();
        if (answer.status() != 200
                || tokens == null
                || !tokens.path("access_token").isTextual()
                || tokens.path("access_token").asText().isBlank()) {
            throw new SignInFailedException();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("accessToken", tokens.path("access_token").asText());
        result.put(
                "expiresIn",
                tokens.path("expires_in").isNumber() ? tokens.path("expires_in").asLong() : null);
        if (tokens.path("refresh_token").isTextual()) {
            result.put("refreshToken", tokens.path("refresh_token").asText());
        }
        if (tokens.path("id_token").isTextual()) {
            result.put("idToken", tokens.path("id_token").asText());
        }
        ctx.json(result);
    }

    private static JsonNode jsonBody(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new UnsupportedMediaTypeException("The request body must be sent as application/json.");
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(ctx.bodyInputStream().readNBytes(4 * MAX_PARAMETER_LENGTH));
        } catch (IOException e) {
            body = null;
        }
        if (body == null || body.isMissingNode()) {
            throw new InvalidRequestException(List.of(new FieldError("", ValidationMessages.NOT_JSON)));
        }
        if (!body.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("", ValidationMessages.NOT_AN_OBJECT)));
        }
        return body;
    }

    private static String text(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, ValidationMessages.REQUIRED));
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new FieldError(field, "must be a non-blank string"));
            return null;
        }
        if (value.asText().length() > MAX_PARAMETER_LENGTH) {
            errors.add(new FieldError(field, "must be at most " + MAX_PARAMETER_LENGTH + " characters"));
            return null;
        }
        return value.asText();
    }
}
