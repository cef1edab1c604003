package dev.reflect.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void aFoundPortCanBeBoundOnLoopback() throws Exception {
        int port = FreePorts.find();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void portsFoundTogetherDiffer() {
        int[] ports = FreePorts.find(8);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(8);
        assertThat(Arrays.stream(ports).boxed())
                .allSatisfy(port -> assertThat(port).isBetween(1, 65_535));
    }
}
