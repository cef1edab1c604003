package dev.reflect.launcher;

import dev.reflect.events.InputTopics;
import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./reflect grow-partitions --to v2 --partitions 12 [--from v1] [--bootstrap-servers HOST:PORT]}:
 * the copy step of growing partitions (docs/scaling.md, "Growing partitions"), see {@link InputCopy}.
 * Reads {@code REFLECT_PSEUDONYM_SECRET} (the streams app's; without it, the local run's public one)
 * to recognise erased people, and the Kafka client settings as every service does. Prints counts
 * only, never a userId. Exit 0 once everything up to the source's end when it started is copied, 1
 * when it could not be (run it again: it goes on where it stopped), 2 for bad arguments.
 */
final class GrowPartitionsCommand {

    static final String USAGE =
            "usage: ./reflect grow-partitions --to vN --partitions P [--from v1] [--bootstrap-servers HOST:PORT]\n";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private GrowPartitionsCommand() {}

    static int run(List<String> args, Env env, PrintStream out, PrintStream err) {
        InputTopics from = InputTopics.V1;
        InputTopics to = null;
        int partitions = 0;
        KafkaClientConfig kafka = KafkaClientConfig.from(env);
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                boolean hasValue = i + 1 < args.size();
                if ("--bootstrap-servers".equals(arg) && hasValue) {
                    kafka = kafka.withBootstrapServers(args.get(++i));
                } else if ("--from".equals(arg) && hasValue) {
                    from = InputTopics.version(args.get(++i));
                } else if ("--to".equals(arg) && hasValue) {
                    to = InputTopics.version(args.get(++i));
                } else if ("--partitions".equals(arg) && hasValue) {
                    partitions = Integer.parseInt(args.get(++i));
                } else {
                    err.print(USAGE);
                    return 2;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e instanceof NumberFormatException ? "--partitions must be a whole number" : e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (to == null || partitions < 1) {
            err.print(USAGE);
            return 2;
        }
        try {
            Pseudonym pseudonym = Pseudonym.from(env).orElseGet(() -> {
                err.println("No " + Pseudonym.SECRET_VARIABLE + ": recognising erased people by the local run's "
                        + "public pseudonym key, as the streams app then does.");
                return Pseudonym.withSecret(Pseudonym.LOCAL_DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8));
            });
            InputCopy.Result result = InputCopy.run(kafka, from, to, partitions, pseudonym, TIMEOUT);
            out.println((result.created() ? "Created " : "Found ") + to.names() + " with " + result.partitions()
                    + " partitions.");
            for (String topic : from.names()) {
                out.println(topic + " -> " + to.counterpart(from, topic) + ": "
                        + result.copied().get(topic) + " records copied, "
                        + result.leftOut().get(topic) + " of erased people left out");
            }
            out.println("Copied up to the end " + from.version()
                    + " had when this run started. Run it again after the last writer of " + from.version()
                    + " stopped; it copies only what came since.");
            return 0;
        } catch (ConfigException | IllegalArgumentException e) {
            // Messages name settings and topics, never a person.
            err.println(e.getMessage());
            return 1;
        }
    }
}
