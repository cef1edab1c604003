package dev.reflect.streams.rights;

import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * One part's share of erasing a person (contract section 9): what it keeps about them in its state
 * stores, deleted. Each store-owning part of the topology contributes one, registered in
 * {@code ReflectTopology}; the erasure processor connects their {@link #stores()} and runs every
 * step in the task that holds the person, in the same transaction as the proof of erasure, so an
 * erasure is all done or, after a crash, done again from the start. A step must be idempotent
 * and delete with {@code delete} (a changelogged store then writes the tombstone).
 */
public interface ErasureStep {

    /** The names of the state stores this step reads and deletes from (key-partitioned by userId). */
    List<String> stores();

    /** Deletes everything {@code userId} has in this step's stores; {@code context} gives them. */
    void erase(String userId, ProcessingContext context);
}
