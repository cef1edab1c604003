package dev.reflect.web.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.reflect.events.Json;
import dev.reflect.service.auth.JwtAuthenticator;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.auth.Principal;
import dev.reflect.service.config.Env;
import dev.reflect.web.WebApp;
import dev.reflect.web.WebConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in against a real OpenID Connect issuer in this JVM (mock-oauth2-server): the app learns the
 * issuer's endpoints from the web app, the code comes back from the issuer's authorization
 * endpoint, and the web app's server exchanges it, with the browser's PKCE verifier, for tokens
 * that the services' own authenticator accepts by the issuer's JWKS.
 */
class SignInRelayTest {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String ISSUER = "reflect";

    private MockOAuth2Server issuer;
    private WebApp web;

    @BeforeEach
    void start() {
        issuer = new MockOAuth2Server();
        issuer.start();
        web = WebApp.create(webConfig()).start();
    }

    private WebConfig webConfig() {
        URI nowhere = URI.create("http://127.0.0.1:1");
        return new WebConfig(
                "127.0.0.1",
                0,
                nowhere,
                nowhere,
                SignInSettings.oidc(
                        URI.create(issuer.issuerUrl(ISSUER).toString()), "reflect-web", Optional.empty(), "profile"));
    }

    @AfterEach
    void stop() {
        web.stop();
        issuer.shutdown();
    }

    private String base() {
        return "http://127.0.0.1:" + web.port();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(base() + "/auth/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String challenge(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** What the browser does: to the authorization endpoint with a PKCE challenge; the code comes back. */
    private String authorize(JsonNode config, String verifier, String nonce) throws Exception {
        String redirect = base() + "/";
        String url = config.path("authorizationEndpoint").asText() + "?response_type=code"
                + "&client_id=" + config.path("clientId").asText()
                + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(config.path("scope").asText(), StandardCharsets.UTF_8)
                + "&state=s1&nonce=" + nonce
                + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
        HttpResponse<String> answer = get(url);
        assertThat(answer.statusCode()).isEqualTo(302);
        URI back = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(back.toString()).startsWith(redirect);
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : back.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        assertThat(query).containsEntry("state", "s1");
        return query.get("code");
    }

    @Test
    void theAppSignsInWithACodeAndPkceAndTheServicesAcceptTheToken() throws Exception {
        JsonNode config = Json.mapper().readTree(get(base() + "/auth/config").body());
        assertThat(config.path("mode").asText()).isEqualTo("oidc");
        assertThat(config.path("clientId").asText()).isEqualTo("reflect-web");
        assertThat(config.path("scope").asText()).isEqualTo("openid profile");
        assertThat(config.path("authorizationEndpoint").asText())
                .isEqualTo(issuer.authorizationEndpointUrl(ISSUER).toString());

        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String code = authorize(config, verifier, "n1");
        HttpResponse<String> answer = postJson(Json.mapper()
                .writeValueAsString(Map.of(
                        "grantType",
                        "authorization_code",
                        "code",
                        code,
                        "codeVerifier",
                        verifier,
                        "redirectUri",
                        base() + "/")));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode tokens = Json.mapper().readTree(answer.body());
        String accessToken = tokens.path("accessToken").asText();
        assertThat(SignedJWT.parse(tokens.path("idToken").asText())
                        .getJWTClaimsSet()
                        .getStringClaim("nonce"))
                .isEqualTo("n1");

        // The ingest and query services verify it as configured for this issuer: its JWKS and its iss.
        JwtAuthenticator services = JwtAuthenticator.from(JwtSettings.from(Env.of(Map.of(
                JwtSettings.JWKS_VARIABLE, issuer.jwksUrl(ISSUER).toString(),
                JwtSettings.ISSUER_VARIABLE, issuer.issuerUrl(ISSUER).toString()))));
        Principal principal = services.authenticate(accessToken);
        assertThat(principal.userId())
                .isEqualTo(SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject());

        // A refresh token, if the issuer gave one, renews it through the same relay.
        if (tokens.hasNonNull("refreshToken")) {
            HttpResponse<String> renewed = postJson(Json.mapper()
                    .writeValueAsString(Map.of(
                            "grantType",
                            "refresh_token",
                            "refreshToken",
                            tokens.path("refreshToken").asText())));
            assertThat(renewed.statusCode()).isEqualTo(200);
            assertThat(services.authenticate(Json.mapper()
                                    .readTree(renewed.body())
                                    .path("accessToken")
                                    .asText())
                            .userId())
                    .isEqualTo(principal.userId());
        }
    }

    /**
     * mock-oauth2-server takes any code, so the refusal a real issuer gives (RFC 6749 section 5.2:
     * a code never given, used twice, or a verifier that does not match) comes from a bare issuer
     * made here: its discovery document and a token endpoint that says invalid_grant.
     */
    @Test
    void aCodeTheIssuerRefusesMeansSigningInAgain() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String url = "http://127.0.0.1:" + refusing.getAddress().getPort();
        refusing.createContext("/.well-known/openid-configuration", exchange -> {
            byte[] body = ("{\"issuer\":\"" + url + "\",\"authorization_endpoint\":\"" + url
                            + "/authorize\",\"token_endpoint\":\"" + url + "/token\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        refusing.createContext("/token", exchange -> {
            byte[] body = "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        refusing.start();
        URI nowhere = URI.create("http://127.0.0.1:1");
        try (WebApp refusingWeb = WebApp.create(new WebConfig(
                        "127.0.0.1",
                        0,
                        nowhere,
                        nowhere,
                        SignInSettings.oidc(URI.create(url), "reflect-web", Optional.empty(), "openid")))
                .start()) {
            HttpResponse<String> answer = CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + refusingWeb.port() + "/auth/token"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"grantType\":\"authorization_code\","
                                    + "\"code\":\"not-a-code-it-gave\",\"codeVerifier\":\"v\",\"redirectUri\":\"x\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body())
                    .contains("urn:reflect:problem:sign-in-failed")
                    .doesNotContain("not-a-code");
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void aBadRequestNamesItsFields() throws Exception {
        HttpResponse<String> empty = postJson("{\"grantType\":\"authorization_code\"}");
        HttpResponse<String> unknown = postJson("{\"grantType\":\"password\"}");
        HttpResponse<String> notJson = CLIENT.send(
                HttpRequest.newBuilder(URI.create(base() + "/auth/token"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("code=1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(empty.body()).path("errors").findValuesAsText("field"))
                .containsExactly("code", "codeVerifier", "redirectUri");
        assertThat(unknown.body()).contains("must be one of authorization_code, refresh_token");
        assertThat(notJson.statusCode()).isEqualTo(415);
    }

    @Test
    void whileTheIssuerIsAwaySignInIsUnavailableForNow() throws Exception {
        issuer.shutdown();
        web.stop();
        web = WebApp.create(webConfig()).start();

        HttpResponse<String> config = get(base() + "/auth/config");

        assertThat(config.statusCode()).isEqualTo(503);
        assertThat(config.headers().firstValue("Retry-After")).hasValue("5");
    }
}
