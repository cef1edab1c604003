package dev.reflect.notifier.endpoint;

import dev.reflect.notifier.webhook.WebhookSigner;
import java.net.URI;
import java.util.Objects;

/**
 * Where one clinician's own system takes their webhooks, and the secret(s) they are signed with.
 * {@link #toString()} and {@link #origin()} show no path, query or secret: a path or query may
 * carry a token of the receiving system.
 */
public final class ClinicianEndpoint {

    private final URI url;
    private final WebhookSigner signer;

    public ClinicianEndpoint(URI url, WebhookSigner signer) {
        this.url = Objects.requireNonNull(url, "url");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** The URL webhooks are POSTed to, as configured. Never log it: use {@link #origin()}. */
    public URI url() {
        return url;
    }

    public WebhookSigner signer() {
        return signer;
    }

    /** {@code scheme://host[:port]}: what logs may say about an endpoint. */
    public String origin() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public String toString() {
        return "ClinicianEndpoint[" + origin() + "]";
    }
}
