package dev.reflect.producer.http;

import dev.reflect.service.http.BodyReader;
import dev.reflect.service.http.PayloadTooLargeException;
import dev.reflect.service.http.UnsupportedMediaTypeException;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;

/**
 * Admits a request body: it must be declared JSON in UTF-8 (415 otherwise), be at most
 * {@value #MAX_BYTES} bytes (413) and arrive whole within the body deadline (408). A declared
 * {@code Content-Length} over the limit is refused without keeping any of it; a chunked body is
 * kept only up to one byte past the limit. Either way, up to {@link #MAX_DISCARDED_BYTES} of a
 * refused body is read and thrown away first, so that the client reads the 413.
 */
final class JsonBody {

    /** 1 MiB (contract section 6). */
    static final int MAX_BYTES = 1024 * 1024;
    /**
     * How much of a refused body is read and thrown away so that its client reads the 413 rather
     * than a broken pipe: a body a few times over the limit is a mistake worth a clear answer; a
     * larger one is not worth the bandwidth, and its connection is simply closed after the answer.
     */
    static final long MAX_DISCARDED_BYTES = 4L * MAX_BYTES;

    private JsonBody() {}

    /** The body, which must arrive whole within {@code deadline} (408 otherwise, see {@link BodyReader}). */
    static byte[] read(Context ctx, Duration deadline) {
        requireJson(ctx.header("Content-Type"));
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            if (declared <= MAX_DISCARDED_BYTES) {
                BodyReader.discard(ctx, declared, deadline);
            }
            throw new PayloadTooLargeException(MAX_BYTES);
        }
        byte[] body = BodyReader.read(ctx, MAX_BYTES, deadline);
        if (body.length > MAX_BYTES) {
            BodyReader.discard(ctx, MAX_DISCARDED_BYTES - body.length, deadline);
            throw new PayloadTooLargeException(MAX_BYTES);
        }
        return body;
    }

    /** {@code application/json} or any {@code application/*+json}; a charset, if given, must be UTF-8. */
    static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new UnsupportedMediaTypeException("The request body must be sent as application/json.");
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
        if (!json) {
            throw new UnsupportedMediaTypeException("The request body must be sent as application/json.");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw new UnsupportedMediaTypeException("The request body must be encoded as UTF-8.");
                }
            }
        }
    }
}
