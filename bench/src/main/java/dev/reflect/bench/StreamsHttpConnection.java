package dev.reflect.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection over a blocking socket, just enough for the freshness load:
 * a request with a few headers and an optional body, a response with a Content-Length or chunked
 * body. The JDK's HttpClient was measured taking most of a core for 1,000 requests a second on
 * this two-core machine (its asynchronous machinery, and a new connection for every request in
 * flight once the server slows down); this costs two system calls a request, so the load
 * generator does not take the CPU the services under test need. Not thread-safe: one per thread.
 */
final class StreamsHttpConnection implements AutoCloseable {

    /** Status and body of a response. */
    record Response(int status, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int TIMEOUT_MILLIS = 30_000;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    StreamsHttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends one request and reads its response; reconnects first if the last response closed the
     * connection or it failed. {@code body} null sends none.
     */
    Response exchange(String method, String target, String authorization, byte[] body) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            write(method, target, authorization, body);
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket created = new Socket();
        created.setTcpNoDelay(true);
        created.setSoTimeout(TIMEOUT_MILLIS);
        created.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        socket = created;
        in = new BufferedInputStream(created.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(created.getOutputStream(), 16 * 1024);
    }

    private void write(String method, String target, String authorization, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256 + (authorization == null ? 0 : authorization.length()));
        head.append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private Response read() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line");
        }
        int status = Integer.parseInt(parts[1]);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {
                    // not needed
                }
            }
        }
        byte[] body;
        if (chunked) {
            body = chunkedBody();
        } else if (contentLength >= 0) {
            body = in.readNBytes(Math.toIntExact(contentLength));
            if (body.length != contentLength) {
                throw new EOFException("connection closed inside a response body");
            }
        } else if (status == 204 || status == 304 || status < 200) {
            body = new byte[0];
        } else {
            // No length: the body runs to the end of the connection.
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not needed
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("connection closed inside a chunk");
            }
            body.write(chunk);
            line();
        }
    }

    /** One CRLF-terminated line, without the CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a response head");
            }
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
