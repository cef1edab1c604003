package dev.reflect.launcher;

import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.rights.ErasureRequests;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./reflect erase USER_ID [--bootstrap-servers HOST:PORT]}: the operator's erasure of a
 * person (contract section 9), for a request that came another way than {@code DELETE /v1/me}. It
 * writes the same request to {@code reflect.erasure-requests.v1}; the streams app carries it out
 * and proves it on {@code reflect.erasures.v1}. The userId is not echoed. Exit 0 once Kafka took
 * the request, 1 when it did not, 2 for bad arguments.
 */
final class EraseCommand {

    static final String USAGE = "usage: ./reflect erase USER_ID [--bootstrap-servers HOST:PORT]\n";

    private EraseCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String userId = null;
        KafkaClientConfig kafka = KafkaClientConfig.from(Env.system());
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ("--bootstrap-servers".equals(arg) && i + 1 < args.size()) {
                kafka = kafka.withBootstrapServers(args.get(++i));
            } else if (userId == null && !arg.startsWith("--") && !arg.isBlank()) {
                userId = arg;
            } else {
                err.print(USAGE);
                return 2;
            }
        }
        if (userId == null) {
            err.print(USAGE);
            return 2;
        }
        try (ErasureRequests requests = ErasureRequests.create(kafka, "reflect-erase")) {
            requests.request(userId, Clock.systemUTC().instant()).get(30, TimeUnit.SECONDS);
            out.println("Erasure requested; the streams app completes it within a minute "
                    + "(proof on reflect.erasures.v1, keyed by the person's pseudonym).");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Interrupted; the erasure may not have been requested.");
            return 1;
        } catch (ExecutionException | TimeoutException e) {
            err.println("Kafka did not take the erasure request ("
                    + e.getClass().getSimpleName() + "); nothing was erased. Retry.");
            return 1;
        }
    }
}
