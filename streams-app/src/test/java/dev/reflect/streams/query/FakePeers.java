package dev.reflect.streams.query;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/** Peers that answer what the test says, and remember who was asked what. */
final class FakePeers implements PeerClient {

    record Call(HostInfo host, UserQuery query, String authorization) {}

    private final Map<HostInfo, PeerResponse> answers = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();

    FakePeers answers(HostInfo host, int status, String body) {
        answers.put(
                host,
                new PeerResponse(
                        status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    List<Call> calls() {
        return calls;
    }

    @Override
    public synchronized CompletableFuture<PeerResponse> fetch(HostInfo host, UserQuery query, String authorization) {
        calls.add(new Call(host, query, authorization));
        PeerResponse answer = answers.get(host);
        return answer == null
                ? CompletableFuture.failedFuture(new ConnectException("connection refused"))
                : CompletableFuture.completedFuture(answer);
    }
}
