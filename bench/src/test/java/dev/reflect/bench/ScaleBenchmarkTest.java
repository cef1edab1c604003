package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleBenchmarkTest {

    @Test
    void sstBytesAreSummedPerStoreWhateverTheLayout(@TempDir Path app) throws IOException {
        write(app.resolve("0_0/rocksdb/reflect-user-state/000010.sst"), 100);
        write(app.resolve("0_1/rocksdb/reflect-user-state/000011.sst"), 50);
        write(app.resolve("0_1/rocksdb/reflect-user-state/OPTIONS-000012"), 999);
        write(app.resolve("1_0/reflect-segmented/1700000000000/000013.sst"), 7);

        assertThat(ScaleBenchmark.sstBytesByStore(app))
                .containsExactly(
                        java.util.Map.entry("reflect-segmented", 7L), java.util.Map.entry("reflect-user-state", 150L));
    }

    @Test
    void noStateDirectoryMeansNoBytes(@TempDir Path app) {
        assertThat(ScaleBenchmark.sstBytesByStore(app.resolve("missing"))).isEmpty();
    }

    @Test
    void aThreadsRoleDropsTheApplicationIdClientIdAndNumbers() {
        String id = "reflect-scale-1a2b3c4d";

        assertThat(ScaleBenchmark.role(id + "-0f8fad5b-d9cb-469f-a165-70867728950e-StreamThread-1", id))
                .isEqualTo("app--StreamThread-N");
        assertThat(ScaleBenchmark.role("kafka-producer-network-thread | " + id + "-keys", id))
                .isEqualTo("kafka-producer-network-thread | app-keys");
    }

    private static void write(Path file, int bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}
