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
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        consume(ctx, maxBytes + 1L, deadline, body::write);
        return body.toByteArray();
    }

    /**
     * Reads and throws away what is left of a body being refused, at most {@code maxBytes} of it
     * and only until {@code deadline}, so that the client, still sending, reads the refusal: a
     * server that answers and closes while the client writes leaves it a broken pipe instead of
     * the answer (the "lingering close" of HTTP servers). Past either bound it gives up, the
     * connection is closed after the answer, and the client may see only the reset.
     *
     * @return whether the whole body was read
     */
    public static boolean discard(Context ctx, long maxBytes, Duration deadline) {
        try {
            return consume(ctx, maxBytes, deadline, (chunk, offset, length) -> {});
        } catch (RequestTimeoutException | UncheckedIOException e) {
            return false;
        }
    }

    private interface Sink {
        void write(byte[] chunk, int offset, int length);
    }

    /**
     * Reads up to {@code maxBytes} into {@code sink}; true when the body ended within them. The
     * stream is the container's and is left open, so that what a caller refuses can still be
     * {@linkplain #discard discarded}.
     */
    private static boolean consume(Context ctx, long maxBytes, Duration deadline, Sink sink) {
        long due = System.nanoTime() + deadline.toNanos();
        EndPoint endPoint = endPoint(ctx);
        long idleTimeout = endPoint == null ? 0 : endPoint.getIdleTimeout();
        byte[] chunk = new byte[CHUNK];
        long consumed = 0;
        try {
            InputStream in = ctx.bodyInputStream();
            while (consumed < maxBytes) {
                long left = Duration.ofNanos(due - System.nanoTime()).toMillis();
                if (left <= 0) {
                    throw new RequestTimeoutException(deadline);
                }
                if (endPoint != null) {
                    endPoint.setIdleTimeout(idleTimeout > 0 ? Math.min(idleTimeout, left) : left);
                }
                int read = in.read(chunk, 0, (int) Math.min(chunk.length, maxBytes - consumed));
                if (read < 0) {
                    return true;
                }
                sink.write(chunk, 0, read);
                consumed += read;
            }
            return false;
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
