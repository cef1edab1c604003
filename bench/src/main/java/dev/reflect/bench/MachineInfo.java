package dev.reflect.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The machine a run happened on, for the report: numbers mean little without it. */
record MachineInfo(
        int cores,
        String cpuModel,
        String memory,
        String java,
        String os,
        String wrk,
        String loadAverage,
        String code) {

    /** "2 cores (model), 23.5 GiB, JVM; commit": the machine line of a report. */
    String summary() {
        return cores + " cores (" + cpuModel + "), " + memory + ", " + java + "; " + code;
    }

    static MachineInfo collect(String wrkVersion) {
        String cpuModel = field(Path.of("/proc/cpuinfo"), "model name").orElse("unknown");
        String memory = field(Path.of("/proc/meminfo"), "MemTotal")
                .map(MachineInfo::gibibytes)
                .orElse("unknown");
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                cpuModel,
                memory,
                java,
                os,
                wrkVersion,
                currentLoadAverage(),
                codeVersion());
    }

    /**
     * The commit measured, and whether the working tree of what the benchmark runs (the modules it
     * depends on) differed from it; "unknown" outside a git checkout.
     */
    static String codeVersion() {
        String commit = git("rev-parse", "--short", "HEAD");
        if (commit.isEmpty()) {
            return "unknown";
        }
        return git(
                                "status",
                                "--porcelain",
                                "--untracked-files=no",
                                "--",
                                "pom.xml",
                                "events",
                                "service-common",
                                "embedded-kafka",
                                "producer",
                                "bench")
                        .isEmpty()
                ? "commit " + commit
                : "commit " + commit + " with uncommitted changes";
    }

    private static String git(String... arguments) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? output.strip() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The 1, 5 and 15 minute load averages right now: other work on the machine skews every number. */
    static String currentLoadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Optional<String> field(Path file, String name) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream()
                    .filter(line -> line.startsWith(name))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String gibibytes(String memTotal) {
        try {
            long kib = Long.parseLong(memTotal.replace("kB", "").trim());
            return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return memTotal;
        }
    }
}
