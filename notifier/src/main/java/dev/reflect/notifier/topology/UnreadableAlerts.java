package dev.reflect.notifier.topology;

import dev.reflect.notifier.delivery.DeliveryMetrics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An alert record that does not deserialize (not JSON, or a {@code notify} entry that breaks the
 * id rules) is skipped, counted and logged by position: the alerts topic is the streams app's, so
 * its dead-letter topic is not this app's to write, and one bad record must not stop everyone's
 * webhooks. Never logs the record or the exception's message (it may quote the record).
 */
public final class UnreadableAlerts implements DeserializationExceptionHandler {

    /** The {@link DeliveryMetrics} to count in, passed in the Streams properties. */
    public static final String METRICS_CONFIG = "reflect.notifier.metrics";

    private static final Logger log = LoggerFactory.getLogger(UnreadableAlerts.class);

    private DeliveryMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(METRICS_CONFIG);
        metrics = configured instanceof DeliveryMetrics m ? m : null;
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (metrics != null) {
            metrics.unreadableAlert();
        }
        log.warn(
                "Skipped an unreadable alert record at {}-{}@{} ({})",
                record.topic(),
                record.partition(),
                record.offset(),
                exception.getClass().getSimpleName());
        return Response.resume();
    }
}
