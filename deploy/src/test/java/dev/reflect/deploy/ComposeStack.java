package dev.reflect.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.reflect.producer.IngestMain;
import dev.reflect.streams.app.StreamsMain;
import dev.reflect.web.WebMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A compose file as a set of services, read the way {@code docker compose} reads it (short
 * syntax for ports and volumes, paths relative to the file's directory, variables interpolated
 * from an environment, only the services of the active profiles), with what each service is in
 * the Reflect stack.
 */
final class ComposeStack {

    static final String COMPOSE_FILE = "docker-compose.yml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What a service runs, from its image repository or the main class its Dockerfile starts. */
    enum Role {
        INGEST,
        STREAMS,
        WEB,
        KAFKA,
        PROMETHEUS,
        ALERTMANAGER,
        GRAFANA,
        OTHER
    }

    /** A {@code volumes:} entry in short syntax. */
    record Mount(String source, String target, boolean readOnly) {

        /** A host path (bind mount) rather than a named volume. */
        boolean bind() {
            return source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
        }
    }

    /** A {@code ports:} entry in short syntax: {@code [ip:]hostPort:containerPort[/protocol]}. */
    record PublishedPort(String raw, Optional<String> hostIp, String hostPort, int containerPort) {}

    /** The variable naming the active profiles, as compose reads it. */
    static final String PROFILES_VARIABLE = "COMPOSE_PROFILES";

    private final Path directory;
    private final JsonNode document;
    private final Map<String, String> environment;
    private final Map<String, Service> services = new LinkedHashMap<>();

    private ComposeStack(Path directory, JsonNode document, Map<String, String> environment) {
        this.directory = directory;
        this.document = document;
        this.environment = Map.copyOf(environment);
        Set<String> activeProfiles =
                Set.of(environment.getOrDefault(PROFILES_VARIABLE, "").split(","));
        JsonNode serviceNodes = document.path("services");
        for (Map.Entry<String, JsonNode> field : serviceNodes.properties()) {
            JsonNode profiles = field.getValue().path("profiles");
            boolean active = profiles.isMissingNode()
                    || profiles.isEmpty()
                    || java.util.stream.StreamSupport.stream(profiles.spliterator(), false)
                            .anyMatch(profile -> activeProfiles.contains(profile.asText()));
            if (active) {
                services.put(field.getKey(), new Service(field.getKey(), field.getValue()));
            }
        }
    }

    /** The compose file of the repository at {@code root}, on a machine where no variable is set. */
    static ComposeStack read(Path root) {
        return read(root, Map.of());
    }

    /** The compose file of the repository at {@code root} with {@code environment} set (an env file's values). */
    static ComposeStack read(Path root, Map<String, String> environment) {
        return new ComposeStack(root, readYaml(root.resolve(COMPOSE_FILE)), environment);
    }

    /** {@code document} as if it were the compose file in {@code directory}. */
    static ComposeStack of(Path directory, JsonNode document) {
        return new ComposeStack(directory, document, Map.of());
    }

    /** {@code document} as if it were the compose file in {@code directory}, with {@code environment} set. */
    static ComposeStack of(Path directory, JsonNode document, Map<String, String> environment) {
        return new ComposeStack(directory, document, environment);
    }

    /** An env file ({@code NAME=value} lines, {@code #} comments) as compose's {@code --env-file} reads it. */
    static Map<String, String> readEnvFile(Path file) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : readString(file).split("\n")) {
            String trimmed = line.trim();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || equals < 0) {
                continue;
            }
            variables.put(
                    trimmed.substring(0, equals).trim(),
                    trimmed.substring(equals + 1).trim());
        }
        return variables;
    }

    /** {@code value} interpolated as compose would with this stack's environment. */
    String interpolate(String value) {
        return Interpolation.resolve(value, environment);
    }

    static JsonNode readYaml(Path file) {
        try {
            JsonNode node = YAML.readTree(file.toFile());
            return node == null ? YAML.createObjectNode() : node;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** A mutable copy of the compose file, for tests that break it on purpose. */
    static ObjectNode readMutable(Path root) {
        return (ObjectNode) readYaml(root.resolve(COMPOSE_FILE)).deepCopy();
    }

    Path directory() {
        return directory;
    }

    JsonNode document() {
        return document;
    }

    Map<String, Service> services() {
        return services;
    }

    Optional<Service> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    List<Service> withRole(Role role) {
        return services.values().stream()
                .filter(service -> service.role() == role)
                .toList();
    }

    /** A path of the file, relative to its directory as compose resolves it. */
    Path resolve(String path) {
        return directory.resolve(path).normalize();
    }

    final class Service {

        private final String name;
        private final JsonNode node;

        private Service(String name, JsonNode node) {
            this.name = name;
            this.node = node;
        }

        String name() {
            return name;
        }

        JsonNode node() {
            return node;
        }

        Optional<String> image() {
            return text(node.path("image"));
        }

        boolean built() {
            return !node.path("build").isMissingNode();
        }

        /** The build context, resolved against the compose file's directory. */
        Optional<Path> buildContext() {
            JsonNode build = node.path("build");
            if (build.isMissingNode()) {
                return Optional.empty();
            }
            String context =
                    build.isTextual() ? build.asText() : build.path("context").asText(".");
            return Optional.of(resolve(interpolate(context)));
        }

        /** The Dockerfile, resolved against the build context as compose does. */
        Optional<Path> dockerfile() {
            return buildContext().map(context -> {
                String dockerfile = node.path("build").path("dockerfile").asText("Dockerfile");
                return context.resolve(interpolate(dockerfile)).normalize();
            });
        }

        Role role() {
            Optional<Path> dockerfile = dockerfile();
            if (dockerfile.isPresent() && Files.isRegularFile(dockerfile.get())) {
                String text = readString(dockerfile.get());
                if (text.contains(IngestMain.class.getName())) {
                    return Role.INGEST;
                }
                if (text.contains(StreamsMain.class.getName())) {
                    return Role.STREAMS;
                }
                if (text.contains(WebMain.class.getName())) {
                    return Role.WEB;
                }
            }
            String repository = image().map(ComposeStack::repository).orElse("");
            return switch (repository) {
                case "apache/kafka" -> Role.KAFKA;
                case "prom/prometheus" -> Role.PROMETHEUS;
                case "prom/alertmanager" -> Role.ALERTMANAGER;
                case "grafana/grafana" -> Role.GRAFANA;
                default -> Role.OTHER;
            };
        }

        /** The environment as written, in either of compose's two forms. */
        Map<String, String> rawEnvironment() {
            Map<String, String> environment = new LinkedHashMap<>();
            JsonNode env = node.path("environment");
            if (env.isObject()) {
                env.properties()
                        .forEach(field -> environment.put(
                                field.getKey(),
                                field.getValue().isNull()
                                        ? ""
                                        : field.getValue().asText()));
            } else if (env.isArray()) {
                for (JsonNode entry : env) {
                    String text = entry.asText();
                    int equals = text.indexOf('=');
                    environment.put(
                            equals < 0 ? text : text.substring(0, equals),
                            equals < 0 ? "" : text.substring(equals + 1));
                }
            }
            return environment;
        }

        /** A variable as the container sees it, with the stack's environment set on the host. */
        Optional<String> env(String variable) {
            return Optional.ofNullable(rawEnvironment().get(variable)).map(ComposeStack.this::interpolate);
        }

        List<PublishedPort> ports() {
            List<PublishedPort> ports = new ArrayList<>();
            for (JsonNode entry : node.path("ports")) {
                ports.add(parsePort(entry));
            }
            return ports;
        }

        List<Mount> mounts() {
            List<Mount> mounts = new ArrayList<>();
            for (JsonNode entry : node.path("volumes")) {
                if (!entry.isTextual()) {
                    throw new IllegalArgumentException("Service " + name + ": only short volume syntax is checked");
                }
                // Interpolated first, as compose does: a default (${VAR:-./file}) holds a colon.
                String[] parts = interpolate(entry.asText()).split(":");
                if (parts.length < 2) {
                    throw new IllegalArgumentException("Service " + name + ": volume '" + entry.asText()
                            + "' has no container path (an anonymous volume)");
                }
                boolean readOnly =
                        parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
                mounts.add(new Mount(parts[0], parts[1], readOnly));
            }
            return mounts;
        }

        /** The host path behind {@code containerPath}, through the deepest bind mount that holds it. */
        Optional<Path> hostPath(String containerPath) {
            Mount best = null;
            for (Mount mount : mounts()) {
                if (mount.bind()
                        && (containerPath.equals(mount.target())
                                || containerPath.startsWith(
                                        mount.target().endsWith("/") ? mount.target() : mount.target() + "/"))) {
                    if (best == null || mount.target().length() > best.target().length()) {
                        best = mount;
                    }
                }
            }
            if (best == null) {
                return Optional.empty();
            }
            String rest = containerPath.substring(best.target().length());
            Path source = resolve(best.source());
            return Optional.of(
                    rest.isEmpty()
                            ? source
                            : source.resolve(rest.replaceFirst("^/+", "")).normalize());
        }

        /** The command's arguments, as a list whichever form it was written in. */
        List<String> command() {
            JsonNode command = node.path("command");
            List<String> arguments = new ArrayList<>();
            if (command.isArray()) {
                command.forEach(argument -> arguments.add(argument.asText()));
            } else if (command.isTextual()) {
                arguments.addAll(List.of(command.asText().trim().split("\\s+")));
            }
            return arguments;
        }

        /** The value of a {@code --flag=value} command-line argument. */
        Optional<String> flag(String flag) {
            String prefix = flag + "=";
            return command().stream()
                    .filter(argument -> argument.startsWith(prefix))
                    .map(argument -> argument.substring(prefix.length()))
                    .findFirst();
        }

        private PublishedPort parsePort(JsonNode entry) {
            if (!entry.isTextual()) {
                throw new IllegalArgumentException("Service " + name + ": only short port syntax is checked");
            }
            String raw = entry.asText();
            String resolved = interpolate(raw);
            String withoutProtocol = resolved.replaceFirst("/(tcp|udp|sctp)$", "");
            int lastColon = withoutProtocol.lastIndexOf(':');
            if (lastColon < 0) {
                return new PublishedPort(raw, Optional.empty(), "", Integer.parseInt(withoutProtocol));
            }
            int containerPort = Integer.parseInt(withoutProtocol.substring(lastColon + 1));
            String hostPart = withoutProtocol.substring(0, lastColon);
            int ipColon = hostPart.lastIndexOf(':');
            if (ipColon < 0) {
                return new PublishedPort(raw, Optional.empty(), hostPart, containerPort);
            }
            String ip = hostPart.substring(0, ipColon).replaceAll("^\\[|]$", "");
            return new PublishedPort(raw, Optional.of(ip), hostPart.substring(ipColon + 1), containerPort);
        }
    }

    /** {@code prom/prometheus} of {@code docker.io/prom/prometheus:v3.5.0}. */
    static String repository(String image) {
        String withoutDigest = image.split("@", 2)[0];
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        String repository = colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
        return repository
                .toLowerCase(Locale.ROOT)
                .replaceFirst("^(docker\\.io/|index\\.docker\\.io/)", "")
                .replaceFirst("^library/", "");
    }

    /** The tag of an image reference, if it names one. */
    static Optional<String> tag(String image) {
        String withoutDigest = image.split("@", 2)[0];
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? Optional.of(withoutDigest.substring(colon + 1)) : Optional.empty();
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }
}
