package dev.reflect.system.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything logged in this JVM while open, as rendered text (message, arguments, exceptions with
 * their messages and causes), with the named loggers turned up to DEBUG meanwhile: what an
 * operator could ever see of a request.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;
    private final Map<Logger, Level> previousLevels = new HashMap<>();

    public LogCapture(List<String> debugLoggers) {
        this(debugLoggers, List.of());
    }

    /** The same, with {@code infoLoggers} turned up to INFO (Kafka's clients log their settings there). */
    public LogCapture(List<String> debugLoggers, List<String> infoLoggers) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        for (String name : debugLoggers) {
            Logger logger = context.getLogger(name);
            previousLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        for (String name : infoLoggers) {
            Logger logger = context.getLogger(name);
            previousLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
    }

    /** All captured lines so far, each with its logger name, message and throwable chain. */
    public List<String> lines() {
        return List.copyOf(appender.list).stream().map(LogCapture::render).toList();
    }

    private static String render(ILoggingEvent event) {
        StringBuilder line =
                new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
            line.append(" | ").append(thrown.getClassName()).append(": ").append(thrown.getMessage());
            for (StackTraceElementProxy frame : thrown.getStackTraceElementProxyArray()) {
                line.append(' ').append(frame.getSTEAsString());
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        previousLevels.forEach(Logger::setLevel);
    }
}
