package dev.reflect.streams.topology;

import dev.reflect.events.ErasureRequest;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Tells an erasure request that sits in its person's partition from one a producer with another
 * partitioner put elsewhere ({@link InputPartitioning}), so that every request reaches the task
 * holding the person, as events do. Records without a key are dropped: they name nobody.
 */
final class ErasureRequestPlacement
        implements Processor<String, ErasureRequest, String, ErasureRequestPlacement.Placed> {

    /** A request, and whether it must move to its person's partition first. */
    record Placed(ErasureRequest request, boolean misplaced) {}

    private final IntSupplier inputPartitions;
    private final PatternListener listener;
    private ProcessorContext<String, Placed> context;
    private InputPartitioning partitioning;

    ErasureRequestPlacement(IntSupplier inputPartitions, PatternListener listener) {
        this.inputPartitions = inputPartitions;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Placed> context) {
        this.context = context;
        this.partitioning = new InputPartitioning(inputPartitions.getAsInt());
    }

    @Override
    public void process(Record<String, ErasureRequest> record) {
        if (record.key() == null) {
            return;
        }
        boolean misplaced = context.recordMetadata()
                .map(metadata -> metadata.partition() != partitioning.partitionOf(record.key()))
                .orElse(false);
        if (misplaced) {
            listener.rerouted(context.recordMetadata().get().topic());
        }
        context.forward(record.withValue(new Placed(record.value(), misplaced)));
    }
}
