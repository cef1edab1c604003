package dev.reflect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free TCP ports on the loopback interface, for settings that need a port number before the
 * server binds it (such as Kafka Streams' {@code application.server}). Where a server can bind
 * port 0 itself and report the port it got, prefer that: a port found here is only free until
 * someone else takes it.
 */
public final class FreePorts {

    private FreePorts() {}

    public static int find() {
        return find(1)[0];
    }

    /** {@code count} ports, all different from each other. */
    public static int[] find(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            // Hold every socket open until all are found, or the kernel could hand out one port twice.
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on the loopback interface", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a listening socket that never accepted cannot leave anything behind.
                }
            }
        }
    }
}
