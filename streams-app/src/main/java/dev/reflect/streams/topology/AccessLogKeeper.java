package dev.reflect.streams.topology;

import dev.reflect.events.AuditRecord;
import dev.reflect.streams.state.AccessLog;
import dev.reflect.streams.state.StateStores;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds {@code reflect.audit.v1} into each person's {@link AccessLog}, so they can see who read
 * their data. A record that does not name its person as its key is skipped: the query service
 * writes every record, keyed by the person it is about.
 */
final class AccessLogKeeper implements Processor<String, AuditRecord, Void, Void> {

    private KeyValueStore<String, AccessLog> logs;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.logs = context.getStateStore(StateStores.ACCESS_LOG);
    }

    @Override
    public void process(Record<String, AuditRecord> record) {
        AuditRecord read = record.value();
        if (read == null || record.key() == null || !record.key().equals(read.userId())) {
            return;
        }
        AccessLog log = logs.get(record.key());
        logs.put(record.key(), (log == null ? AccessLog.empty() : log).with(read));
    }
}
