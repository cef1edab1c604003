package dev.reflect.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository under test, and copies of the parts the compose stack uses. */
final class Repository {

    /** What the compose file reads, relative to the repository root. */
    static final List<String> STACK_FILES = List.of(
            ComposeStack.COMPOSE_FILE,
            ".dockerignore",
            "deploy/three-brokers.env",
            "deploy/producer",
            "deploy/streams-app",
            "deploy/web",
            "deploy/notifier",
            "deploy/alertmanager",
            "deploy/prometheus",
            "deploy/grafana",
            "dashboards/prometheus/prometheus.yml",
            "dashboards/prometheus/rules",
            "dashboards/alertmanager",
            "dashboards/grafana");

    private Repository() {}

    /** The root, from the {@code reflect.repository.dir} the pom passes, or the parent of the module. */
    static Path root() {
        String configured = System.getProperty("reflect.repository.dir");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    /** Copies the stack's files of the repository into {@code target}, keeping their layout. */
    static Path copyStack(Path target) {
        Path root = root();
        for (String relative : STACK_FILES) {
            copy(root.resolve(relative), target.resolve(relative));
        }
        return target;
    }

    /** {@code source}, a file or a directory tree, copied to {@code target}. */
    static void copy(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(path, destination);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + source, e);
        }
    }
}
