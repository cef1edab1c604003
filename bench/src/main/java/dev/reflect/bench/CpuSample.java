package dev.reflect.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reading of CPU time: the whole machine's from {@code /proc/stat} and this JVM's. Two readings
 * give how many cores the benchmark JVM used and how many everything else on the machine took,
 * which on a shared two-core box is what decides whether a number can be trusted.
 */
record CpuSample(
        long nanoTime, long machineBusyTicks, long machineTotalTicks, long jvmCpuNanos, long compilationMillis) {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    static CpuSample now() {
        long[] machine = machineTicks();
        return new CpuSample(
                System.nanoTime(), machine[0], machine[1], processCpuNanos(), JitWarmup.totalCompilationMillis());
    }

    /** Cores used between {@code this} and a later sample. */
    Usage until(CpuSample later) {
        double elapsedSeconds = (later.nanoTime - nanoTime) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        long total = later.machineTotalTicks - machineTotalTicks;
        double machineCores = total <= 0 ? 0 : cores * (double) (later.machineBusyTicks - machineBusyTicks) / total;
        double jvmCores = (later.jvmCpuNanos - jvmCpuNanos) / 1e9 / elapsedSeconds;
        double jitCores = (later.compilationMillis - compilationMillis) / 1e3 / elapsedSeconds;
        return new Usage(machineCores, jvmCores, jitCores);
    }

    /**
     * Cores busy on the whole machine and in this JVM (broker, service and raw producer all live
     * here), and the part of the JVM's that went to JIT compilation.
     */
    record Usage(double machineCores, double jvmCores, double jitCores) {}

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** {@code [busy, total]} jiffies from the aggregate "cpu" line; idle and iowait count as not busy. */
    static long[] machineTicks() {
        try {
            if (!Files.isReadable(PROC_STAT)) {
                return new long[] {0, 0};
            }
            String cpu = Files.readAllLines(PROC_STAT).get(0);
            return ticks(cpu);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long[] ticks(String aggregateCpuLine) {
        String[] fields = aggregateCpuLine.trim().split("\\s+");
        long total = 0;
        long idle = 0;
        // user nice system idle iowait irq softirq steal; guest time is already inside user.
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
            long value = Long.parseLong(fields[i]);
            total += value;
            if (i == 4 || i == 5) {
                idle += value;
            }
        }
        return new long[] {total - idle, total};
    }
}
