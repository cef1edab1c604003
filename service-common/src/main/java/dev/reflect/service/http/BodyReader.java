package dev.reflect.service.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Reads a request body that must arrive whole within a deadline. The minimum data rate
 * ({@link ServiceHttp#MIN_REQUEST_BYTES_PER_SECOND}) cuts off a trickle below the floor; a client
 * trickling just above it could still hold a server thread for the time a megabyte takes at 32
 * bytes a second, nine hours. So the connection's idle timeout is lowered, before each read, to
 * what is left of the deadline: a read that would wait past it fails, and a body still incomplete
 * at the deadline is refused with 408 either way. The idle timeout is put back afterwards.
 */
public final class BodyReader {

    private static final int CHUNK = 8192;

    private BodyReader() {}

    /**
     * At most {@code maxBytes + 1} bytes of the body (one more than allowed, so the caller can
     * tell an oversized body), all within {@code deadline} of this call.
     *
     * @throws RequestTimeoutException when the body is not complete by the deadline
     */
    public static byte[] read(Context ctx, int maxBytes, Duration deadline) {
        long due = System.nanoTime() + deadline.toNanos();
        EndPoint endPoint = endPoint(ctx);
        long idleTimeout = endPoint == null ? 0 : endPoint.getIdleTimeout();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = ctx.bodyInputStream()) {
            while (body.size() <= maxBytes) {
                long left = Duration.ofNanos(due - System.nanoTime()).toMillis();
                if (left <= 0) {
                    throw new RequestTimeoutException(deadline);
                }
                if (endPoint != null) {
                    endPoint.setIdleTimeout(idleTimeout > 0 ? Math.min(idleTimeout, left) : left);
                }
                int read = in.read(chunk, 0, Math.min(chunk.length, maxBytes + 1 - body.size()));
                if (read < 0) {
                    break;
                }
                body.write(chunk, 0, read);
            }
            return body.toByteArray();
        } catch (IOException e) {
            if (timedOut(e) || System.nanoTime() - due >= 0) {
                throw new RequestTimeoutException(deadline);
            }
            throw new UncheckedIOException(e);
        } finally {
            if (endPoint != null) {
                endPoint.setIdleTimeout(idleTimeout);
            }
        }
    }

    private static EndPoint endPoint(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request == null
                ? null
                : request.getConnectionMetaData().getConnection().getEndPoint();
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
