package dev.reflect.web.browser;

import static org.awaitility.Awaitility.await;

import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.topology.TopologySettings;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.web.WebApp;
import dev.reflect.web.WebConfig;
import dev.reflect.web.signin.SignInSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Reflect as people meet it, in this JVM: a real OpenID Connect issuer (mock-oauth2-server, with
 * its sign-in page), the ingest service and the streams app on the test's broker, both verifying
 * the issuer's tokens by its JWKS, and the web app in front of them with sign-in through that issuer.
 */
public final class ReflectStack implements AutoCloseable {

    public static final String ISSUER_ID = "reflect";
    public static final String CLIENT_ID = "reflect-web";
    private static final byte[] PSEUDONYM_SECRET =
            "web-app-it-pseudonym-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    public final MockOAuth2Server issuer;
    public final IngestApp ingest;
    public final StreamsApp streams;
    public final WebApp web;
    private final String bootstrapServers;

    private ReflectStack(
            MockOAuth2Server issuer, IngestApp ingest, StreamsApp streams, WebApp web, String bootstrapServers) {
        this.issuer = issuer;
        this.ingest = ingest;
        this.streams = streams;
        this.web = web;
        this.bootstrapServers = bootstrapServers;
    }

    public static ReflectStack start(KafkaCluster kafka, Path stateDir) {
        kafka.createTopics(6, Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
        MockOAuth2Server issuer = new MockOAuth2Server(new OAuth2Config(true));
        issuer.start();
        JwtSettings jwt = JwtSettings.from(Env.of(Map.of(
                JwtSettings.JWKS_VARIABLE, issuer.jwksUrl(ISSUER_ID).toString(),
                JwtSettings.ISSUER_VARIABLE, issuer.issuerUrl(ISSUER_ID).toString())));
        KafkaClientConfig kafkaConfig = KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers());
        StreamsApp streams = StreamsApp.create(new StreamsAppConfig(
                        "127.0.0.1",
                        0,
                        "127.0.0.1",
                        stateDir,
                        "reflect-web-it-" + UUID.randomUUID(),
                        0,
                        jwt,
                        Optional.of(Pseudonym.withSecret(PSEUDONYM_SECRET)),
                        kafkaConfig,
                        TopologySettings.defaults()))
                .start();
        // Ingest asks the query service whom a person shares with (GET /v1/me/sharing), as configured in a deployment.
        IngestApp ingest = IngestApp.create(new IngestConfig(
                        "127.0.0.1",
                        0,
                        jwt,
                        kafkaConfig,
                        Duration.ofSeconds(5),
                        RateLimit.from(Env.of(Map.of())),
                        IngestConfig.DEFAULT_BODY_DEADLINE,
                        Optional.of(URI.create("http://127.0.0.1:" + streams.port()))))
                .start();
        WebApp web =
                WebApp.create(webConfig(issuer, ingest.port(), streams.port())).start();
        await("Kafka Streams RUNNING")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return new ReflectStack(issuer, ingest, streams, web, kafka.bootstrapServers());
    }

    /** The web app's settings for this stack, with writes sent to {@code ingestPort} (a relay, say). */
    public static WebConfig webConfig(MockOAuth2Server issuer, int ingestPort, int queryPort) {
        return new WebConfig(
                "127.0.0.1",
                0,
                URI.create("http://127.0.0.1:" + ingestPort),
                URI.create("http://127.0.0.1:" + queryPort),
                SignInSettings.oidc(
                        URI.create(issuer.issuerUrl(ISSUER_ID).toString()),
                        CLIENT_ID,
                        Optional.empty(),
                        SignInSettings.DEFAULT_SCOPE));
    }

    public String webUrl() {
        return "http://127.0.0.1:" + web.port();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        web.stop();
        ingest.stop();
        streams.stop();
        issuer.shutdown();
    }
}
