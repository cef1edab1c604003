package dev.reflect.service.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file a service serves from memory (a page, its script, an icon), read from the classpath at
 * startup so a missing one fails the start, not a visit. Its ETag is a hash of its bytes.
 */
public record StaticAsset(byte[] bytes, String contentType, String etag) {

    /** {@code resource} from the classpath; fails if it is not there. */
    public static StaticAsset load(String resource, String contentType) {
        try (InputStream in = StaticAsset.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return of(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StaticAsset of(byte[] bytes, String contentType) {
        return new StaticAsset(bytes, contentType, "\"" + sha256(bytes).substring(0, 32) + "\"");
    }

    /**
     * Answers with the file. It holds no personal data, so a browser may keep it, but revalidates
     * each time ({@code no-cache} with the ETag): a new deployment never runs a new page against an
     * old script.
     */
    public void serve(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(contentType).result(bytes);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
