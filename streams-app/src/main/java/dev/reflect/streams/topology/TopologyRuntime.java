package dev.reflect.streams.topology;

import dev.reflect.streams.deadletter.OutputLimits;
import java.util.Objects;
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
public record TopologyRuntime(PatternListener listener, IntSupplier inputPartitions, OutputLimits outputLimits) {

    public TopologyRuntime {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(inputPartitions, "inputPartitions");
        Objects.requireNonNull(outputLimits, "outputLimits");
    }

    /** No listener, one partition, no known output limits: a test driver's world. */
    public static TopologyRuntime standalone() {
        return new TopologyRuntime(PatternListener.NONE, () -> 1, new OutputLimits());
    }

    public TopologyRuntime withListener(PatternListener value) {
        return new TopologyRuntime(value, inputPartitions, outputLimits);
    }

    public TopologyRuntime withInputPartitions(IntSupplier value) {
        return new TopologyRuntime(listener, value, outputLimits);
    }

    public TopologyRuntime withOutputLimits(OutputLimits value) {
        return new TopologyRuntime(listener, inputPartitions, value);
    }
}
