package dev.reflect.streams.topology;

import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.deadletter.OutputLimits;
import dev.reflect.streams.rights.KeyShredder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * What the topology works with that is not a setting: objects it shares with the running app.
 *
 * @param listener        hears what the topology does, for metrics ({@link PatternListener})
 * @param inputPartitions the input topics' partition count, asked for when a task starts (the
 *                        streams app reads it from the cluster then; a test driver has one)
 * @param outputLimits    the largest record each output topic takes, shared with the app's
 *                        production exception handler
 */
public record TopologyRuntime(
        PatternListener listener, IntSupplier inputPartitions, OutputLimits outputLimits, Rights rights) {

    /**
     * What erasure works with: who destroys data keys, and the pseudonym that names an erased
     * person on {@code reflect.erasures.v1} and in the erasure stores (never the userId).
     */
    public record Rights(KeyShredder shredder, Pseudonym pseudonym, Function<String, Long> ledger) {
        public Rights {
            Objects.requireNonNull(shredder, "shredder");
            Objects.requireNonNull(pseudonym, "pseudonym");
            Objects.requireNonNull(ledger, "ledger");
        }

        /** Keys that live in this process only, and the public development pseudonym: a test driver's world. */
        public static Rights standalone() {
            return new Rights(
                    (userId, madeUpTo) -> {},
                    Pseudonym.withSecret(Pseudonym.LOCAL_DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8)),
                    pseudonym -> null);
        }
    }

    public TopologyRuntime {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(inputPartitions, "inputPartitions");
        Objects.requireNonNull(outputLimits, "outputLimits");
        Objects.requireNonNull(rights, "rights");
    }

    /** With the standalone {@link Rights}. */
    public TopologyRuntime(PatternListener listener, IntSupplier inputPartitions, OutputLimits outputLimits) {
        this(listener, inputPartitions, outputLimits, Rights.standalone());
    }

    /** No listener, one partition, no known output limits: a test driver's world. */
    public static TopologyRuntime standalone() {
        return new TopologyRuntime(PatternListener.NONE, () -> 1, new OutputLimits());
    }

    public TopologyRuntime withListener(PatternListener value) {
        return new TopologyRuntime(value, inputPartitions, outputLimits, rights);
    }

    public TopologyRuntime withInputPartitions(IntSupplier value) {
        return new TopologyRuntime(listener, value, outputLimits, rights);
    }

    public TopologyRuntime withOutputLimits(OutputLimits value) {
        return new TopologyRuntime(listener, inputPartitions, value, rights);
    }

    public TopologyRuntime withRights(Rights value) {
        return new TopologyRuntime(listener, inputPartitions, outputLimits, value);
    }
}
