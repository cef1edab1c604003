package dev.reflect.web.signin;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;

/** What the app needs from an issuer's discovery document. */
public record IssuerMetadata(URI authorizationEndpoint, URI tokenEndpoint, Optional<URI> endSessionEndpoint) {

    /**
     * The endpoints of {@code document}, which must name {@code issuer} exactly (OpenID Connect
     * Discovery 1.0, section 4.3: a document naming another issuer must not be used).
     */
    static IssuerMetadata from(JsonNode document, URI issuer) {
        String named = document.path("issuer").asText("");
        if (!strip(named).equals(strip(issuer.toString()))) {
            throw new IllegalStateException("the discovery document names another issuer");
        }
        return new IssuerMetadata(
                endpoint(document, "authorization_endpoint"),
                endpoint(document, "token_endpoint"),
                document.hasNonNull("end_session_endpoint")
                        ? Optional.of(endpoint(document, "end_session_endpoint"))
                        : Optional.empty());
    }

    private static URI endpoint(JsonNode document, String name) {
        String value = document.path(name).asText("");
        if (value.isBlank()) {
            throw new IllegalStateException("the discovery document has no " + name);
        }
        URI uri = URI.create(value);
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw new IllegalStateException("the discovery document's " + name + " is not an http(s) URL");
        }
        return uri;
    }

    private static String strip(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
