package dev.reflect.streams.topology;

import dev.reflect.streams.state.Caseloads;
import dev.reflect.streams.state.StateStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps {@link StateStores#CASELOADS}: each row change, arriving keyed by clinicianId in the
 * clinician's partition, is put or deleted. Rows of one person arrive in the order the person's
 * task wrote them (one partition of the repartition topic per clinician), so the last one stays.
 */
final class CaseloadWriter implements Processor<String, PersonOutput.CaseloadRow, Void, Void> {

    /** How often rows of people erased since are looked for (contract section 9: gone within a minute). */
    static final Duration ERASURE_PURGE_INTERVAL = Duration.ofSeconds(20);

    private final ErasureLedgerCheck erasures;
    private KeyValueStore<Bytes, byte[]> caseloads;

    CaseloadWriter(TopologyRuntime.Rights rights) {
        this.erasures = new ErasureLedgerCheck(rights);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.caseloads = context.getStateStore(StateStores.CASELOADS);
        // An erased person leaves every caseload: their rows live in their clinicians' tasks, not
        // in theirs, so each clinician's task removes them once the proof of erasure is known.
        context.schedule(ERASURE_PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purgeErased());
    }

    private void purgeErased() {
        List<Bytes> erased = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> rows = caseloads.all()) {
            while (rows.hasNext()) {
                KeyValue<Bytes, byte[]> row = rows.next();
                if (erasures.erased(Caseloads.entry(row.value).userId())) {
                    erased.add(row.key);
                }
            }
        }
        erased.forEach(caseloads::delete);
    }

    @Override
    public void process(Record<String, PersonOutput.CaseloadRow> record) {
        PersonOutput.CaseloadRow row = record.value();
        if (row == null) {
            return;
        }
        Bytes key = Caseloads.key(row.clinicianId(), row.userId());
        if (row.entry() == null || erasures.erasedAtOrAfter(row.userId(), record.timestamp())) {
            caseloads.delete(key);
        } else {
            caseloads.put(key, Caseloads.value(row.entry()));
        }
    }
}
