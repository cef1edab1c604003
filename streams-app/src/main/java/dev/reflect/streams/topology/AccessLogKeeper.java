package dev.reflect.streams.topology;

import dev.reflect.events.AuditRecord;
import dev.reflect.streams.state.AccessLog;
import dev.reflect.streams.state.StateStores;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds {@code reflect.audit.v1} into each person's {@link AccessLog}, so they can see who read
 * their data. A record that does not name its person as its key is skipped: the query service
 * writes every record, keyed by the person it is about.
 */
final class AccessLogKeeper implements Processor<String, AuditRecord, Void, Void> {

    private final ErasureLedgerCheck erasures;
    private KeyValueStore<String, AccessLog> logs;

    AccessLogKeeper(TopologyRuntime.Rights rights) {
        this.erasures = new ErasureLedgerCheck(rights);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.logs = context.getStateStore(StateStores.ACCESS_LOG);
        // The log is fed by the audit topic, apart from the person's task: an erased person's log
        // goes once the proof of erasure is known, and reads recorded before it are not kept again.
        context.schedule(CaseloadWriter.ERASURE_PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
            List<String> erased = new ArrayList<>();
            try (KeyValueIterator<String, AccessLog> all = logs.all()) {
                while (all.hasNext()) {
                    String userId = all.next().key;
                    if (erasures.erased(userId)) {
                        erased.add(userId);
                    }
                }
            }
            erased.forEach(logs::delete);
        });
    }

    @Override
    public void process(Record<String, AuditRecord> record) {
        AuditRecord read = record.value();
        if (read == null || record.key() == null || !record.key().equals(read.userId())) {
            return;
        }
        if (erasures.erasedAtOrAfter(record.key(), read.at().toEpochMilli())) {
            return;
        }
        AccessLog log = logs.get(record.key());
        logs.put(record.key(), (log == null ? AccessLog.empty() : log).with(read));
    }
}
