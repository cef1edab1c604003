package dev.reflect.web.signin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import dev.reflect.service.http.ServiceUnavailableException;
import dev.reflect.service.log.SafeThrowables;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured OpenID Connect issuer, as the web app talks to it: its metadata (read once, on
 * first use, and read again while it could not be had) and its token endpoint. The app's server
 * calls the token endpoint on the browser's behalf, so the browser talks to no origin but the
 * app's own, and a client secret, if the issuer wants one, stays on the server.
 */
public final class Issuer {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Issuer.class);

    private final SignInSettings settings;
    private final HttpClient http;
    private volatile IssuerMetadata metadata;

    public Issuer(SignInSettings settings, HttpClient http) {
        if (!settings.usesOidc()) {
            throw new IllegalArgumentException("no issuer is configured");
        }
        this.settings = settings;
        this.http = http;
    }

    public SignInSettings settings() {
        return settings;
    }

    /** The issuer's endpoints; 503 while its discovery document cannot be read. */
    public IssuerMetadata metadata() {
        IssuerMetadata known = metadata;
        if (known != null) {
            return known;
        }
        HttpRequest request = HttpRequest.newBuilder(settings.discoveryUrl())
                .timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("discovery answered " + response.statusCode());
            }
            known = IssuerMetadata.from(
                    Json.mapper().readTree(response.body()), settings.issuer().orElseThrow());
        } catch (IOException | RuntimeException e) {
            log.warn("The sign-in issuer's metadata could not be read: {}", SafeThrowables.describe(e));
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
        metadata = known;
        return known;
    }

    /**
     * Posts a token request (RFC 6749 section 4.1.3 or 6) with the app's client credentials and
     * returns the issuer's answer: its status and its JSON body.
     */
    TokenAnswer token(Map<String, String> parameters) {
        StringJoiner form = new StringJoiner("&");
        parameters.forEach((name, value) -> form.add(encode(name) + "=" + encode(value)));
        form.add("client_id=" + encode(settings.clientId()));
        settings.clientSecret().ifPresent(secret -> form.add("client_secret=" + encode(secret)));
        HttpRequest request = HttpRequest.newBuilder(metadata().tokenEndpoint())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body;
            try {
                body = Json.mapper().readTree(response.body());
            } catch (IOException notJson) {
                body = null;
            }
            return new TokenAnswer(response.statusCode(), body);
        } catch (IOException e) {
            // The message may name the endpoint, never a code or a token: those are only in the body.
            log.warn("The sign-in issuer's token endpoint could not be reached: {}", SafeThrowables.describe(e));
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    record TokenAnswer(int status, JsonNode body) {}

    private static ServiceUnavailableException unavailable() {
        return new ServiceUnavailableException("Sign-in is not available right now.", RETRY_AFTER);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
