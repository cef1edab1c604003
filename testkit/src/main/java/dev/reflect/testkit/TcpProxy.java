package dev.reflect.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A TCP proxy for network faults: it forwards every connection made to {@link #port()} to a
 * target, until {@link #cut()} makes it a black hole, as a network split does. While cut,
 * connections stay open but nothing gets through in either direction, and new connections are
 * accepted and then hear nothing: clients learn of the split only from their own timeouts, not
 * from a refused or reset connection. {@link #heal()} resets every connection that lived through
 * the split (TCP would have given up on them too) and forwards new ones again.
 *
 * <p>There is no packaged toxiproxy here; this is the part of it the fault tests need. One thread
 * accepts, two per connection copy bytes; all are daemons and stop with {@link #close()}.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final ServerSocket server;
    private final String targetHost;
    private final IntSupplier targetPort;
    private final String name;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean cut;
    private volatile boolean closed;

    /** A proxied connection: the client's socket and ours to the target (absent while cut). */
    private final class Link {
        final Socket client;
        volatile Socket upstream;
        final long bornIn;

        Link(Socket client, long bornIn) {
            this.client = client;
            this.bornIn = bornIn;
        }

        void reset() {
            abort(client);
            Socket up = upstream;
            if (up != null) {
                abort(up);
            }
            links.remove(this);
        }
    }

    private TcpProxy(ServerSocket server, String targetHost, IntSupplier targetPort, String name) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.name = name;
    }

    /**
     * A proxy listening on {@code bindHost:bindPort} (port 0 picks a free one) and forwarding to
     * {@code targetHost:targetPort}. The target port is asked for each new connection, so it may
     * be known only after the proxy starts (a server that binds port 0 later).
     */
    public static TcpProxy start(String bindHost, int bindPort, String targetHost, IntSupplier targetPort) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(bindHost), bindPort), 50);
            TcpProxy proxy =
                    new TcpProxy(server, targetHost, targetPort, "proxy-" + bindHost + ":" + server.getLocalPort());
            daemon(proxy::acceptLoop, proxy.name + "-accept").start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("The proxy could not listen on " + bindHost + ":" + bindPort, e);
        }
    }

    /** A proxy on a free loopback port forwarding to {@code 127.0.0.1:targetPort}. */
    public static TcpProxy to(IntSupplier targetPort) {
        return start("127.0.0.1", 0, "127.0.0.1", targetPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Nothing gets through from now on, in either direction, on old or new connections. */
    public void cut() {
        cut = true;
        generation.incrementAndGet();
    }

    /** Resets the connections that lived through the split and forwards new ones again. */
    public void heal() {
        long splitGeneration = generation.get();
        for (Link link : links) {
            if (link.bornIn < splitGeneration || link.upstream == null) {
                link.reset();
            }
        }
        cut = false;
        generation.incrementAndGet();
    }

    public boolean isCut() {
        return cut;
    }

    /** Connections accepted so far, for a test that wants to know traffic really took this path. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing a listening socket cannot fail in a way that leaves anything to do.
        }
        links.forEach(Link::reset);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            Link link = new Link(client, generation.get());
            links.add(link);
            if (cut) {
                // A black hole: read and drop whatever the client sends, answer nothing.
                daemon(() -> drain(link), name + "-blackhole").start();
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort.getAsInt()), 5_000);
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                link.upstream = upstream;
                daemon(() -> pump(link, client, upstream), name + "-up").start();
                daemon(() -> pump(link, upstream, client), name + "-down").start();
            } catch (IOException e) {
                // The target is down: the client sees its connection closed, as it would directly.
                link.reset();
            }
        }
    }

    /** Copies {@code from} to {@code to}, dropping the bytes instead while the proxy is cut. */
    private void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!cut) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            // An orderly end on one side is passed on, half-closing the other.
            to.shutdownOutput();
        } catch (IOException e) {
            link.reset();
        }
    }

    private void drain(Link link) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = link.client.getInputStream()) {
            while (in.read(buffer) >= 0) {
                // Dropped.
            }
        } catch (IOException e) {
            // Reset by heal() or by the client giving up.
        }
        link.reset();
    }

    private static void abort(Socket socket) {
        try {
            // Linger 0 sends a reset rather than an orderly end: the peer learns at once.
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // Already closed.
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String toString() {
        return name + " -> " + targetHost + (cut ? " (cut)" : "");
    }
}
