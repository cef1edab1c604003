package dev.reflect.streams.query;

import dev.reflect.streams.state.AccessLog;
import java.util.List;

/**
 * The body of {@code GET /v1/me/access-log}: who read the person's data, newest first, one line
 * per reader, kind of data, outcome and UTC day (see {@link AccessLog}).
 */
public record AccessLogView(List<AccessLog.Line> reads) {

    static AccessLogView of(AccessLog log) {
        return new AccessLogView(log.lines());
    }
}
