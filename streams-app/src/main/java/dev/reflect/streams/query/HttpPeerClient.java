package dev.reflect.streams.query;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.streams.state.HostInfo;

/** {@link PeerClient} over plain HTTP to the peer's {@code application.server} host and port. */
public final class HttpPeerClient implements PeerClient {

    private static final List<String> PASSED_ON = List.of(
            "Content-Type", "Content-Disposition", "Retry-After", "WWW-Authenticate", Forwarding.REPLICA_HEADER);

    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param connectTimeout bounds reaching a peer; a stopped peer on a reachable host refuses at once,
     *                       a vanished host costs this long before the query tries a standby
     * @param timeout        bounds the whole answer
     * @param executor       runs the client's completions; the app owns and stops it
     */
    public HttpPeerClient(Duration connectTimeout, Duration timeout, Executor executor) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<PeerResponse> fetch(HostInfo host, UserQuery query, String authorization) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + authority(host) + query.path()))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header(Forwarding.FORWARDED_HEADER, "1")
                .method(query.method(), HttpRequest.BodyPublishers.noBody())
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(HttpPeerClient::toPeerResponse);
    }

    private static String authority(HostInfo host) {
        String name = host.host();
        boolean ipv6Literal = name.indexOf(':') >= 0 && !name.startsWith("[");
        return (ipv6Literal ? "[" + name + "]" : name) + ":" + host.port();
    }

    private static PeerResponse toPeerResponse(HttpResponse<byte[]> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PASSED_ON) {
            response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
        }
        return new PeerResponse(response.statusCode(), headers, response.body());
    }
}
