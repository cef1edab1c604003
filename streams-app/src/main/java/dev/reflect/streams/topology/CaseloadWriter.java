package dev.reflect.streams.topology;

import dev.reflect.streams.state.Caseloads;
import dev.reflect.streams.state.StateStores;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps {@link StateStores#CASELOADS}: each row change, arriving keyed by clinicianId in the
 * clinician's partition, is put or deleted. Rows of one person arrive in the order the person's
 * task wrote them (one partition of the repartition topic per clinician), so the last one stays.
 */
final class CaseloadWriter implements Processor<String, PersonOutput.CaseloadRow, Void, Void> {

    private KeyValueStore<Bytes, byte[]> caseloads;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.caseloads = context.getStateStore(StateStores.CASELOADS);
    }

    @Override
    public void process(Record<String, PersonOutput.CaseloadRow> record) {
        PersonOutput.CaseloadRow row = record.value();
        if (row == null) {
            return;
        }
        Bytes key = Caseloads.key(row.clinicianId(), row.userId());
        if (row.entry() == null) {
            caseloads.delete(key);
        } else {
            caseloads.put(key, Caseloads.value(row.entry()));
        }
    }
}
