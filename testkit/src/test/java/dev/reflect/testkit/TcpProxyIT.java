package dev.reflect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy forwards, goes silent when cut (no refusal, no reset), and forwards new connections once healed. */
class TcpProxyIT {

    private final ServerSocket echo;
    private final TcpProxy proxy;

    TcpProxyIT() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(this::echoLoop, "echo");
        server.setDaemon(true);
        server.start();
        proxy = TcpProxy.to(echo::getLocalPort);
    }

    @AfterEach
    void close() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsThenGoesSilentWhenCutThenForwardsNewConnectionsWhenHealed() throws IOException {
        try (Socket before = connect()) {
            assertThat(roundTrip(before, "hello")).isEqualTo("hello");

            proxy.cut();

            // Neither the old connection nor a new one is refused: they just hear nothing.
            assertThatThrownBy(() -> roundTrip(before, "lost")).isInstanceOf(SocketTimeoutException.class);
            try (Socket during = connect()) {
                assertThatThrownBy(() -> roundTrip(during, "lost too")).isInstanceOf(SocketTimeoutException.class);
            }

            proxy.heal();

            // The connection that lived through the split is reset; a new one works.
            assertThatThrownBy(() -> roundTrip(before, "after")).isInstanceOf(IOException.class);
            try (Socket after = connect()) {
                assertThat(roundTrip(after, "again")).isEqualTo("again");
            }
        }
        assertThat(proxy.connectionsAccepted()).isEqualTo(3);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(500);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] answer = in.readNBytes(bytes.length);
        if (answer.length < bytes.length) {
            throw new IOException("connection closed after " + answer.length + " bytes");
        }
        return new String(answer, StandardCharsets.UTF_8);
    }

    private void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket socket = echo.accept();
                Thread copier = new Thread(
                        () -> {
                            try (socket) {
                                socket.getInputStream().transferTo(socket.getOutputStream());
                            } catch (IOException ignored) {
                                // The client went away.
                            }
                        },
                        "echo-copy");
                copier.setDaemon(true);
                copier.start();
            } catch (IOException e) {
                return;
            }
        }
    }
}
