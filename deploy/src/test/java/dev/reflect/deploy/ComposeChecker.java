package dev.reflect.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.deploy.ComposeStack.Mount;
import dev.reflect.deploy.ComposeStack.PublishedPort;
import dev.reflect.deploy.ComposeStack.Role;
import dev.reflect.deploy.ComposeStack.Service;
import dev.reflect.events.Topic;
import dev.reflect.events.Topics;
import dev.reflect.producer.IngestConfig;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.topology.ReflectStreamsConfig;
import dev.reflect.web.WebConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Judges a compose stack against what the Reflect services and {@code dashboards/} need, without
 * running it: files exist, images are pinned and run as non-root, ports stay on localhost,
 * secrets have no defaults, health gates the start order, the streams instances can reach each
 * other, and Prometheus, Alertmanager and Grafana are wired to this stack with the rules and
 * dashboards of {@code dashboards/}. {@link #problems(ComposeStack)} lists every finding; none
 * means the stack is sound.
 */
final class ComposeChecker {

    static final String LOCALHOST = "127.0.0.1";

    /** Job name of dashboards/prometheus/prometheus.yml → what it scrapes; rules select on the names. */
    static final Map<String, Role> SCRAPE_JOBS =
            Map.of("reflect-producer", Role.INGEST, "reflect-streams", Role.STREAMS);

    static final String DASHBOARDS_PROMETHEUS_CONFIG = "dashboards/prometheus/prometheus.yml";
    static final String DASHBOARDS_RULES = "dashboards/prometheus/rules";
    static final String DASHBOARDS_ALERTMANAGER_CONFIG = "dashboards/alertmanager/alertmanager.yml";
    static final String DASHBOARDS_DATASOURCE = "dashboards/grafana/provisioning/datasources/prometheus.yaml";
    static final String DASHBOARDS_GRAFANA_DASHBOARDS = "dashboards/grafana/dashboards";
    static final String GRAFANA_DATASOURCES_DIR = "/etc/grafana/provisioning/datasources";
    static final String GRAFANA_DASHBOARD_PROVIDERS_DIR = "/etc/grafana/provisioning/dashboards";
    /** The variable of the one-shot service that creates the topics. */
    static final String TOPICS_VARIABLE = "REFLECT_TOPICS";

    private static final Pattern SECRET_NAME =
            Pattern.compile("SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE_KEY|API_KEY|JAAS");
    private static final Pattern FROM_LINE = Pattern.compile(
            "^\\s*FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private static final Pattern USER_LINE =
            Pattern.compile("^\\s*USER\\s+(\\S+)\\s*$", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private final ComposeStack stack;
    private final Path root;
    private final List<String> problems = new ArrayList<>();

    private ComposeChecker(ComposeStack stack) {
        this.stack = stack;
        this.root = stack.directory();
    }

    /** Every finding about {@code stack}, whose directory is the repository root. */
    static List<String> problems(ComposeStack stack) {
        ComposeChecker checker = new ComposeChecker(stack);
        checker.checkAll();
        return List.copyOf(checker.problems);
    }

    private void checkAll() {
        if (stack.services().isEmpty()) {
            problem("compose: no services");
            return;
        }
        referencedFilesExist();
        imagesArePinned();
        publishedPortsAreLocal();
        secretsHaveNoDefaults();
        healthGatesTheStart();
        kafkaKeepsItsData();
        kafkaFormsOneQuorum();
        topicsAreCreated();
        appsReachKafka();
        streamsInstancesAnswerForEachOther();
        webPassesOnToThisStack();
        prometheusScrapesThisStack();
        alertmanagerUsesDashboardsRouting();
        grafanaShowsThisStack();
    }

    // --- files -------------------------------------------------------------------------------

    private void referencedFilesExist() {
        for (Service service : stack.services().values()) {
            service.buildContext().ifPresent(context -> {
                if (!Files.isDirectory(context)) {
                    problem("files: build context of " + service.name() + " does not exist: " + relative(context));
                } else if (!Files.isRegularFile(context.resolve(".dockerignore"))) {
                    problem("files: build context of " + service.name() + " has no .dockerignore");
                }
            });
            service.dockerfile().ifPresent(dockerfile -> {
                if (!Files.isRegularFile(dockerfile)) {
                    problem("files: Dockerfile of " + service.name() + " does not exist: " + relative(dockerfile));
                }
            });
            for (Mount mount : mounts(service)) {
                if (!mount.bind()) {
                    continue;
                }
                Path source = stack.resolve(mount.source());
                if (!Files.exists(source)) {
                    problem("files: " + service.name() + " mounts " + mount.source() + ", which does not exist");
                }
                if (!mount.readOnly()) {
                    problem("files: " + service.name() + " mounts " + mount.source()
                            + " writable; configs are mounted :ro");
                }
            }
        }
    }

    // --- images ------------------------------------------------------------------------------

    private void imagesArePinned() {
        for (Service service : stack.services().values()) {
            if (service.built()) {
                service.dockerfile()
                        .filter(Files::isRegularFile)
                        .ifPresent(dockerfile -> baseImagesArePinned(service, dockerfile));
                continue;
            }
            Optional<String> image = service.image();
            if (image.isEmpty()) {
                problem("images: " + service.name() + " has neither an image nor a build");
            } else {
                imageIsPinned(service.name(), image.get());
            }
        }
    }

    private void baseImagesArePinned(Service service, Path dockerfile) {
        Set<String> stages = new TreeSet<>();
        Matcher matcher = FROM_LINE.matcher(ComposeStack.readString(dockerfile));
        int count = 0;
        while (matcher.find()) {
            count++;
            String image = matcher.group(1);
            if (!stages.contains(image.toLowerCase(Locale.ROOT)) && !image.equals("scratch")) {
                imageIsPinned(service.name() + " (" + relative(dockerfile) + ")", image);
            }
            if (matcher.group(2) != null) {
                stages.add(matcher.group(2).toLowerCase(Locale.ROOT));
            }
        }
        if (count == 0) {
            problem("images: " + relative(dockerfile) + " has no FROM line");
        }
        runsAsNonRoot(dockerfile);
    }

    /** The last USER of the final stage, which is what the container runs as, is not root. */
    private void runsAsNonRoot(Path dockerfile) {
        String text = ComposeStack.readString(dockerfile);
        Matcher from = FROM_LINE.matcher(text);
        int finalStage = 0;
        while (from.find()) {
            finalStage = from.start();
        }
        Matcher user = USER_LINE.matcher(text.substring(finalStage));
        String last = null;
        while (user.find()) {
            last = user.group(1);
        }
        if (last == null || last.split(":")[0].equals("root") || last.split(":")[0].equals("0")) {
            problem("images: " + relative(dockerfile) + " runs its final stage as root; add a USER");
        }
    }

    private void imageIsPinned(String where, String image) {
        if (image.contains("$")) {
            problem("images: " + where + " names its image through a variable (" + image
                    + "), which cannot be checked");
            return;
        }
        Optional<String> tag = ComposeStack.tag(image);
        boolean digest = image.contains("@sha256:");
        if (tag.isEmpty() && !digest) {
            problem("images: " + where + " uses " + image + " without a tag");
        } else if (tag.isPresent() && tag.get().equals("latest")) {
            problem("images: " + where + " uses " + image + ": 'latest' is not a pin");
        }
    }

    // --- ports -------------------------------------------------------------------------------

    private void publishedPortsAreLocal() {
        Map<String, String> hostPorts = new HashMap<>();
        for (Service service : stack.services().values()) {
            List<PublishedPort> ports;
            try {
                ports = service.ports();
            } catch (IllegalArgumentException e) {
                problem("ports: " + e.getMessage());
                continue;
            }
            for (PublishedPort port : ports) {
                if (port.hostIp().isEmpty()) {
                    problem("ports: " + service.name() + " publishes '" + port.raw()
                            + "' on every interface; bind it to " + LOCALHOST);
                } else if (!port.hostIp().get().equals(LOCALHOST)) {
                    problem("ports: " + service.name() + " publishes '" + port.raw() + "' on "
                            + port.hostIp().get() + " by default; bind it to " + LOCALHOST);
                }
                String previous = hostPorts.put(port.hostPort(), service.name());
                if (previous != null && !port.hostPort().isEmpty()) {
                    problem("ports: host port " + port.hostPort() + " is published by both " + previous + " and "
                            + service.name());
                }
                OptionalInt listening = listenPort(service);
                if (listening.isPresent() && port.containerPort() != listening.getAsInt()) {
                    problem("ports: " + service.name() + " publishes container port " + port.containerPort()
                            + " but listens on " + listening.getAsInt());
                }
                if (service.role() == Role.KAFKA && !kafkaListenerPorts(service).contains(port.containerPort())) {
                    problem("ports: " + service.name() + " publishes container port " + port.containerPort()
                            + ", which is none of its KAFKA_LISTENERS");
                }
            }
        }
    }

    /** The port a service's HTTP server listens on inside the network, from its settings. */
    static OptionalInt listenPort(Service service) {
        return switch (service.role()) {
            case INGEST -> OptionalInt.of(intOr(service.env(IngestConfig.PORT_VARIABLE), IngestConfig.DEFAULT_PORT));
            case STREAMS ->
                OptionalInt.of(intOr(service.env(StreamsAppConfig.PORT_VARIABLE), StreamsAppConfig.DEFAULT_PORT));
            case PROMETHEUS ->
                OptionalInt.of(intOr(service.flag("--web.listen-address").map(ComposeChecker::portOf), 9090));
            case ALERTMANAGER ->
                OptionalInt.of(intOr(service.flag("--web.listen-address").map(ComposeChecker::portOf), 9093));
            case GRAFANA -> OptionalInt.of(intOr(service.env("GF_SERVER_HTTP_PORT"), 3000));
            case WEB -> OptionalInt.of(intOr(service.env(WebConfig.PORT_VARIABLE), WebConfig.DEFAULT_PORT));
            default -> OptionalInt.empty();
        };
    }

    // --- secrets -----------------------------------------------------------------------------

    private void secretsHaveNoDefaults() {
        allStrings(stack.document(), value -> {
            for (Interpolation.Reference reference : Interpolation.references(value)) {
                if (secretName(reference.variable()) && !reference.required()) {
                    problem("secrets: ${" + reference.variable() + "} must fail when unset (${" + reference.variable()
                            + ":?...}), not " + (reference.hasDefault() ? "fall back to a default" : "be optional"));
                }
            }
        });
        for (Service service : stack.services().values()) {
            service.rawEnvironment().forEach((name, value) -> {
                if (!secretName(name)) {
                    return;
                }
                List<Interpolation.Reference> references = Interpolation.references(value);
                boolean onlyARequiredVariable = references.size() == 1
                        && references.get(0).required()
                        && value.trim().matches("\\$\\{[A-Za-z0-9_]+:?\\?[^}]*}");
                if (!onlyARequiredVariable) {
                    problem("secrets: " + service.name() + " sets " + name
                            + " in the file; take it from the environment with ${VAR:?message}");
                }
            });
        }
    }

    static boolean secretName(String variable) {
        return SECRET_NAME.matcher(variable.toUpperCase(Locale.ROOT)).find();
    }

    // --- health and start order --------------------------------------------------------------

    private void healthGatesTheStart() {
        Set<String> oneShots = oneShots();
        for (Service service : stack.services().values()) {
            JsonNode healthcheck = service.node().path("healthcheck");
            if (oneShots.contains(service.name())) {
                if (!service.node().path("ports").isEmpty()) {
                    problem("health: one-shot " + service.name() + " publishes ports");
                }
            } else if (healthcheck.isMissingNode()
                    || healthcheck.path("disable").asBoolean(false)
                    || healthcheck.path("test").isMissingNode()
                    || healthcheck.path("test").path(0).asText().equals("NONE")) {
                problem("health: " + service.name() + " has no healthcheck");
            } else if (service.role() == Role.INGEST || service.role() == Role.STREAMS || service.role() == Role.WEB) {
                String test = healthcheck.path("test").toString();
                String url = "127.0.0.1:" + listenPort(service).getAsInt() + "/health/ready";
                if (!test.contains(url)) {
                    problem("health: " + service.name() + "'s healthcheck does not ask " + url);
                }
            }
            dependenciesWaitForHealth(service, oneShots);
        }
    }

    /** Services run to completion before others start: {@code restart: "no"} and waited for as such. */
    private Set<String> oneShots() {
        Set<String> completedOnes = new TreeSet<>();
        for (Service service : stack.services().values()) {
            JsonNode dependsOn = service.node().path("depends_on");
            if (dependsOn.isObject()) {
                dependsOn.properties().forEach(dependency -> {
                    if ("service_completed_successfully"
                            .equals(dependency.getValue().path("condition").asText())) {
                        completedOnes.add(dependency.getKey());
                    }
                });
            }
        }
        return completedOnes.stream()
                .filter(name -> stack.service(name)
                        .map(s -> s.node().path("restart").asText().equals("no"))
                        .orElse(false))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private void dependenciesWaitForHealth(Service service, Set<String> oneShots) {
        JsonNode dependsOn = service.node().path("depends_on");
        if (dependsOn.isMissingNode()) {
            return;
        }
        if (!dependsOn.isObject()) {
            problem("health: " + service.name() + " lists depends_on without conditions; "
                    + "give each one condition: service_healthy");
            return;
        }
        dependsOn.properties().forEach(dependency -> {
            String target = dependency.getKey();
            String condition = dependency.getValue().path("condition").asText("service_started");
            boolean optional = !dependency.getValue().path("required").asBoolean(true);
            if (stack.service(target).isEmpty()
                    && optional
                    && stack.document().path("services").has(target)) {
                // A service of a profile that is not active: compose skips the dependency.
                return;
            }
            if (stack.service(target).isEmpty()) {
                problem("health: " + service.name() + " depends on " + target + ", which is no service");
            } else if (oneShots.contains(target)) {
                if (!condition.equals("service_completed_successfully")) {
                    problem("health: " + service.name() + " must wait for one-shot " + target + " to complete");
                }
            } else if (!condition.equals("service_healthy")) {
                problem("health: " + service.name() + " depends on " + target + " with " + condition
                        + "; wait for service_healthy");
            }
        });
    }

    // --- Kafka -------------------------------------------------------------------------------

    private void kafkaKeepsItsData() {
        List<Service> brokers = stack.withRole(Role.KAFKA).stream()
                .filter(service -> service.env("KAFKA_PROCESS_ROLES").isPresent())
                .toList();
        if (brokers.isEmpty()) {
            problem("kafka: no apache/kafka service runs a broker (KAFKA_PROCESS_ROLES)");
        }
        for (Service broker : brokers) {
            if (!broker.env("KAFKA_PROCESS_ROLES").orElse("").contains("controller")) {
                problem("kafka: " + broker.name()
                        + " is not its own controller (KRaft: process roles broker,controller)");
            }
            Optional<String> logDirs = broker.env("KAFKA_LOG_DIRS");
            if (logDirs.isEmpty()) {
                problem("kafka: " + broker.name() + " keeps its data in the image's default /tmp; set KAFKA_LOG_DIRS");
                continue;
            }
            for (String dir : logDirs.get().split(",")) {
                if (namedVolumeAt(broker, dir).isEmpty()) {
                    problem("kafka: " + broker.name() + "'s log dir " + dir + " is not on a named volume");
                }
            }
        }
    }

    /**
     * The brokers of the stack (of its active profiles) form one KRaft quorum: each lists exactly
     * the stack's controllers as voters, under their node ids and controller ports, with one
     * cluster id. Replication fits the number of brokers: one replica of everything on one broker;
     * from three on, three replicas with {@code min.insync.replicas} 2, for the internal topics,
     * the broker defaults (Kafka Streams' own topics) and the topics the creator makes, which
     * waits for every broker to be healthy.
     */
    private void kafkaFormsOneQuorum() {
        List<Service> brokers = stack.withRole(Role.KAFKA).stream()
                .filter(service -> service.env("KAFKA_PROCESS_ROLES").isPresent())
                .toList();
        if (brokers.isEmpty()) {
            return;
        }
        Set<String> controllers = new TreeSet<>();
        Set<String> nodeIds = new TreeSet<>();
        Set<String> clusterIds = new TreeSet<>();
        for (Service broker : brokers) {
            String nodeId = broker.env("KAFKA_NODE_ID").orElse("");
            if (!nodeIds.add(nodeId)) {
                problem("kafka: node id " + nodeId + " is used twice (" + broker.name() + ")");
            }
            clusterIds.add(broker.env("CLUSTER_ID").orElse(""));
            if (broker.env("KAFKA_PROCESS_ROLES").orElse("").contains("controller")) {
                controllers.add(nodeId + "@" + broker.name() + ":" + controllerPort(broker));
            }
        }
        if (clusterIds.size() != 1) {
            problem("kafka: the brokers have different CLUSTER_IDs " + clusterIds);
        }
        for (Service broker : brokers) {
            Set<String> voters = new TreeSet<>();
            for (String voter :
                    broker.env("KAFKA_CONTROLLER_QUORUM_VOTERS").orElse("").split(",")) {
                if (!voter.isBlank()) {
                    voters.add(voter.trim());
                }
            }
            if (!voters.equals(controllers)) {
                problem("kafka: " + broker.name() + " names the voters " + voters + ", but the stack's controllers are "
                        + controllers);
            }
        }
        int replicas = brokers.size() >= 3 ? 3 : 1;
        int minInSync = brokers.size() >= 3 ? 2 : 1;
        Map<String, Integer> wanted = new java.util.LinkedHashMap<>();
        for (String setting : List.of(
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR",
                "KAFKA_DEFAULT_REPLICATION_FACTOR")) {
            wanted.put(setting, replicas);
        }
        for (String setting : List.of(
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
                "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR",
                "KAFKA_MIN_INSYNC_REPLICAS")) {
            wanted.put(setting, minInSync);
        }
        for (Service broker : brokers) {
            wanted.forEach((setting, value) -> {
                String actual = broker.env(setting).orElse("(Kafka's default)");
                if (!actual.equals(String.valueOf(value))) {
                    problem("kafka: " + broker.name() + " sets " + setting + "=" + actual + "; with " + brokers.size()
                            + " broker(s) it must be " + value);
                }
            });
        }
        stack.services().values().stream()
                .filter(service -> service.env(TOPICS_VARIABLE).isPresent())
                .forEach(creator -> {
                    if (!creator.env("REFLECT_TOPIC_REPLICATION_FACTOR")
                                    .orElse("")
                                    .equals(String.valueOf(replicas))
                            || !creator.env("REFLECT_TOPIC_MIN_INSYNC_REPLICAS")
                                    .orElse("")
                                    .equals(String.valueOf(minInSync))) {
                        problem("topics: " + creator.name() + " must create topics with " + replicas
                                + " replica(s) and min.insync.replicas " + minInSync + " on " + brokers.size()
                                + " broker(s)");
                    }
                    for (Service broker : brokers) {
                        if (!creator.node()
                                .path("depends_on")
                                .path(broker.name())
                                .path("condition")
                                .asText()
                                .equals("service_healthy")) {
                            problem("topics: " + creator.name() + " does not wait for " + broker.name());
                        }
                    }
                });
    }

    private static int controllerPort(Service kafka) {
        for (String listener : kafka.env("KAFKA_LISTENERS").orElse("").split(",")) {
            if (listener.trim().startsWith("CONTROLLER://")) {
                return portOf(listener.trim());
            }
        }
        return -1;
    }

    private void topicsAreCreated() {
        List<Service> creators = stack.services().values().stream()
                .filter(service -> service.env(TOPICS_VARIABLE).isPresent())
                .toList();
        if (creators.size() != 1) {
            problem("topics: expected one service that creates the topics (" + TOPICS_VARIABLE + "), found "
                    + creators.size());
            return;
        }
        Service creator = creators.get(0);
        Set<String> listed =
                new TreeSet<>(List.of(creator.env(TOPICS_VARIABLE).get().trim().split("\\s+")));
        Set<String> contract = Topics.ALL.stream().map(Topic::name).collect(Collectors.toCollection(TreeSet::new));
        if (!listed.equals(contract)) {
            problem("topics: " + creator.name() + " creates " + listed + " but the contract's topics are " + contract);
        }
        for (Service app : apps()) {
            JsonNode condition =
                    app.node().path("depends_on").path(creator.name()).path("condition");
            if (!condition.asText().equals("service_completed_successfully")) {
                problem("topics: " + app.name() + " starts without waiting for " + creator.name());
            }
        }
    }

    private void appsReachKafka() {
        for (Service app : apps()) {
            Optional<String> bootstrap = app.env(KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE);
            if (bootstrap.isEmpty()) {
                problem("kafka: " + app.name() + " has no " + KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE
                        + " and would look for a broker on its own 127.0.0.1");
                continue;
            }
            for (String server : bootstrap.get().split(",")) {
                String host = hostOf(server.trim());
                Optional<Service> broker = stack.service(host).filter(service -> service.role() == Role.KAFKA);
                if (broker.isEmpty()) {
                    problem("kafka: " + app.name() + " bootstraps from " + server + ", which is no Kafka service");
                } else if (!advertisedListeners(broker.get()).contains(server.trim())) {
                    problem("kafka: " + app.name() + " bootstraps from " + server + ", which " + host
                            + " does not advertise (KAFKA_ADVERTISED_LISTENERS)");
                }
                if (broker.isPresent()
                        && !app.node()
                                .path("depends_on")
                                .path(host)
                                .path("condition")
                                .asText()
                                .equals("service_healthy")) {
                    problem("kafka: " + app.name() + " starts without waiting for " + host + " to be healthy");
                }
            }
        }
    }

    // --- streams instances -------------------------------------------------------------------

    private void streamsInstancesAnswerForEachOther() {
        List<Service> instances = stack.withRole(Role.STREAMS);
        if (instances.size() < 2) {
            problem("streams: " + instances.size()
                    + " streams-app instance(s); interactive queries across instances need 2");
        }
        Set<String> applicationIds = new TreeSet<>();
        Set<String> pseudonymSecrets = new TreeSet<>();
        Map<String, String> stateVolumes = new HashMap<>();
        for (Service instance : instances) {
            String advertised = instance.env(StreamsAppConfig.ADVERTISED_HOST_VARIABLE)
                    .orElse(StreamsAppConfig.DEFAULT_ADVERTISED_HOST);
            if (!advertised.equals(instance.name())) {
                problem("streams: " + instance.name() + " advertises " + StreamsAppConfig.ADVERTISED_HOST_VARIABLE + "="
                        + advertised + "; the other instances reach it by its service name " + instance.name());
            }
            applicationIds.add(instance.env(StreamsAppConfig.APPLICATION_ID_VARIABLE)
                    .orElse(ReflectStreamsConfig.DEFAULT_APPLICATION_ID));
            pseudonymSecrets.add(instance.rawEnvironment().getOrDefault(Pseudonym.SECRET_VARIABLE, ""));
            Optional<String> stateDir = instance.env(StreamsAppConfig.STATE_DIR_VARIABLE);
            if (stateDir.isEmpty() || !stateDir.get().startsWith("/")) {
                problem("streams: " + instance.name() + " needs an absolute " + StreamsAppConfig.STATE_DIR_VARIABLE);
                continue;
            }
            Optional<String> volume = namedVolumeAt(instance, stateDir.get());
            if (volume.isEmpty()) {
                problem("streams: " + instance.name() + "'s state dir " + stateDir.get() + " is not on a named volume");
            } else {
                String other = stateVolumes.put(volume.get(), instance.name());
                if (other != null) {
                    problem("streams: " + other + " and " + instance.name() + " share the state volume "
                            + volume.get());
                }
            }
        }
        if (applicationIds.size() > 1) {
            problem("streams: the instances have different application ids " + applicationIds
                    + " and would not share the work");
        }
        if (pseudonymSecrets.size() > 1) {
            problem("streams: the instances take " + Pseudonym.SECRET_VARIABLE
                    + " from different places; pseudonyms must agree across instances");
        }
        Set<String> jwtSecrets = apps().stream()
                .map(app -> app.rawEnvironment().getOrDefault(JwtSettings.SECRET_VARIABLE, ""))
                .collect(Collectors.toSet());
        if (jwtSecrets.size() > 1) {
            problem("secrets: the services take " + JwtSettings.SECRET_VARIABLE
                    + " from different places; a token must verify everywhere");
        }
    }

    // --- Prometheus --------------------------------------------------------------------------

    private void prometheusScrapesThisStack() {
        Optional<Service> found = single(Role.PROMETHEUS);
        if (found.isEmpty()) {
            return;
        }
        Service prometheus = found.get();
        String configPath = prometheus.flag("--config.file").orElse("/etc/prometheus/prometheus.yml");
        Optional<Path> config = prometheus.hostPath(configPath).filter(Files::isRegularFile);
        if (config.isEmpty()) {
            problem("prometheus: " + configPath + " is not mounted from the repository");
            return;
        }
        Path dashboardsConfig = root.resolve(DASHBOARDS_PROMETHEUS_CONFIG);
        if (sameFile(config.get(), dashboardsConfig)) {
            problem("prometheus: mounts " + DASHBOARDS_PROMETHEUS_CONFIG
                    + ", which scrapes the local run on 127.0.0.1; mount the compose config");
            return;
        }
        JsonNode compose = ComposeStack.readYaml(config.get());
        JsonNode local = ComposeStack.readYaml(dashboardsConfig);
        if (!compose.path("global").equals(local.path("global"))) {
            problem("prometheus: global settings differ from " + DASHBOARDS_PROMETHEUS_CONFIG
                    + " (intervals and labels the rules were written for)");
        }
        if (!jobs(compose).equals(jobs(local))) {
            problem("prometheus: jobs " + jobs(compose) + " differ from " + DASHBOARDS_PROMETHEUS_CONFIG + "'s "
                    + jobs(local) + "; the rules select on these job names and paths");
        }
        scrapeTargetsAreThisStack(compose);
        alertsGoToThisAlertmanager(compose);
        ruleFilesAreDashboards(prometheus, configPath, compose);
    }

    private void scrapeTargetsAreThisStack(JsonNode config) {
        for (JsonNode job : config.path("scrape_configs")) {
            String jobName = job.path("job_name").asText();
            Set<String> hosts = new TreeSet<>();
            for (String target : staticTargets(job)) {
                String host = hostOf(target);
                hosts.add(host);
                Optional<Service> service = stack.service(host);
                if (service.isEmpty()) {
                    problem("prometheus: job " + jobName + " scrapes " + target + ", which is no compose service");
                    continue;
                }
                OptionalInt listening = listenPort(service.get());
                if (listening.isPresent() && listening.getAsInt() != portOf(target)) {
                    problem("prometheus: job " + jobName + " scrapes " + target + " but " + host + " listens on "
                            + listening.getAsInt());
                }
            }
            Role role = SCRAPE_JOBS.get(jobName);
            if (role != null) {
                Set<String> expected =
                        stack.withRole(role).stream().map(Service::name).collect(Collectors.toCollection(TreeSet::new));
                if (!hosts.equals(expected)) {
                    problem("prometheus: job " + jobName + " scrapes " + hosts + " but the " + role + " services are "
                            + expected);
                }
            }
        }
    }

    private void alertsGoToThisAlertmanager(JsonNode config) {
        List<String> targets = new ArrayList<>();
        for (JsonNode alertmanager : config.path("alerting").path("alertmanagers")) {
            targets.addAll(staticTargets(alertmanager));
        }
        if (targets.isEmpty()) {
            problem("prometheus: sends alerts nowhere (alerting.alertmanagers)");
        }
        for (String target : targets) {
            Optional<Service> service = stack.service(hostOf(target)).filter(s -> s.role() == Role.ALERTMANAGER);
            if (service.isEmpty()) {
                problem("prometheus: sends alerts to " + target + ", which is no Alertmanager service of this stack");
            } else if (listenPort(service.get()).getAsInt() != portOf(target)) {
                problem("prometheus: sends alerts to " + target + " but "
                        + service.get().name() + " listens on "
                        + listenPort(service.get()).getAsInt());
            }
        }
    }

    private void ruleFilesAreDashboards(Service prometheus, String configPath, JsonNode config) {
        String configDir = configPath.substring(0, configPath.lastIndexOf('/'));
        Set<Path> loaded = new TreeSet<>();
        for (JsonNode pattern : config.path("rule_files")) {
            String containerPattern =
                    pattern.asText().startsWith("/") ? pattern.asText() : configDir + "/" + pattern.asText();
            int slash = containerPattern.lastIndexOf('/');
            Optional<Path> dir = prometheus.hostPath(containerPattern.substring(0, slash));
            Set<Path> matched =
                    dir.map(d -> glob(d, containerPattern.substring(slash + 1))).orElse(Set.of());
            if (matched.isEmpty()) {
                problem("prometheus: rule files " + pattern.asText() + " match no file of the repository");
            }
            loaded.addAll(matched);
        }
        Path rulesDir = root.resolve(DASHBOARDS_RULES);
        Set<Path> dashboards = glob(rulesDir, "*.yml");
        Set<Path> dashboardsLoaded = new TreeSet<>();
        Path localDir = root.resolve(DASHBOARDS_PROMETHEUS_CONFIG).getParent();
        for (JsonNode pattern : ComposeStack.readYaml(root.resolve(DASHBOARDS_PROMETHEUS_CONFIG))
                .path("rule_files")) {
            Path full = localDir.resolve(pattern.asText()).normalize();
            dashboardsLoaded.addAll(glob(full.getParent(), full.getFileName().toString()));
        }
        if (dashboards.isEmpty() || !loaded.equals(dashboards) || !loaded.equals(dashboardsLoaded)) {
            problem("prometheus: loads rule files " + relativeAll(loaded) + " but " + DASHBOARDS_RULES + " holds "
                    + relativeAll(dashboards) + " and " + DASHBOARDS_PROMETHEUS_CONFIG + " loads "
                    + relativeAll(dashboardsLoaded));
        }
    }

    // --- Alertmanager ------------------------------------------------------------------------

    private void alertmanagerUsesDashboardsRouting() {
        single(Role.ALERTMANAGER).ifPresent(alertmanager -> {
            String configPath = alertmanager.flag("--config.file").orElse("/etc/alertmanager/alertmanager.yml");
            Optional<Path> config = alertmanager.hostPath(configPath).filter(Files::isRegularFile);
            if (config.isEmpty() || !sameFile(config.get(), root.resolve(DASHBOARDS_ALERTMANAGER_CONFIG))) {
                problem("alertmanager: " + configPath + " is not " + DASHBOARDS_ALERTMANAGER_CONFIG);
            }
        });
    }

    // --- Grafana -----------------------------------------------------------------------------

    private void grafanaShowsThisStack() {
        Optional<Service> found = single(Role.GRAFANA);
        Optional<Service> prometheus = single(Role.PROMETHEUS);
        if (found.isEmpty() || prometheus.isEmpty()) {
            return;
        }
        Service grafana = found.get();
        String uid = ComposeStack.readYaml(root.resolve(DASHBOARDS_DATASOURCE))
                .path("datasources")
                .path(0)
                .path("uid")
                .asText();
        String expectedUrl = "http://" + prometheus.get().name() + ":"
                + listenPort(prometheus.get()).getAsInt();
        List<JsonNode> datasources = provisioned(grafana, GRAFANA_DATASOURCES_DIR, "datasources");
        Optional<JsonNode> reflect = datasources.stream()
                .filter(ds -> ds.path("uid").asText().equals(uid))
                .findFirst();
        if (reflect.isEmpty()) {
            problem("grafana: no datasource with uid " + uid + ", which every dashboard panel names");
        } else if (!reflect.get().path("url").asText().replaceFirst("/$", "").equals(expectedUrl)) {
            problem("grafana: datasource " + uid + " points at "
                    + reflect.get().path("url").asText() + ", not " + expectedUrl);
        }
        List<JsonNode> providers = provisioned(grafana, GRAFANA_DASHBOARD_PROVIDERS_DIR, "providers");
        if (providers.isEmpty()) {
            problem("grafana: no dashboard provider is provisioned");
        }
        for (JsonNode provider : providers) {
            String path = provider.path("options").path("path").asText();
            Optional<Path> host = grafana.hostPath(path);
            if (host.isEmpty() || !sameFile(host.get(), root.resolve(DASHBOARDS_GRAFANA_DASHBOARDS))) {
                problem("grafana: provider " + provider.path("name").asText() + " loads " + path + ", which is not "
                        + DASHBOARDS_GRAFANA_DASHBOARDS);
            }
        }
    }

    /** The entries under {@code key} of every provisioning file Grafana finds in {@code containerDir}. */
    private List<JsonNode> provisioned(Service grafana, String containerDir, String key) {
        Optional<Path> dir = grafana.hostPath(containerDir).filter(Files::isDirectory);
        if (dir.isEmpty()) {
            problem("grafana: " + containerDir + " is not mounted from the repository");
            return List.of();
        }
        List<JsonNode> entries = new ArrayList<>();
        Set<Path> files = new TreeSet<>(glob(dir.get(), "*.yaml"));
        files.addAll(glob(dir.get(), "*.yml"));
        for (Path file : files) {
            ComposeStack.readYaml(file).path(key).forEach(entries::add);
        }
        return entries;
    }

    // --- helpers -----------------------------------------------------------------------------

    /** The services that run Reflect's own code. */
    // --- the web app ---------------------------------------------------------------------------

    /**
     * The web app sends writes to an ingest service and reads to a streams instance, each by its
     * service name and the port it listens on, and starts once they are healthy.
     */
    private void webPassesOnToThisStack() {
        for (Service web : stack.withRole(Role.WEB)) {
            passesOnTo(web, WebConfig.INGEST_URL_VARIABLE, Role.INGEST);
            passesOnTo(web, WebConfig.QUERY_URL_VARIABLE, Role.STREAMS);
        }
    }

    private void passesOnTo(Service web, String variable, Role role) {
        Optional<String> value = web.env(variable);
        if (value.isEmpty()) {
            problem("web: " + web.name() + " has no " + variable + " and would look on its own 127.0.0.1");
            return;
        }
        URI url;
        try {
            url = URI.create(value.get());
        } catch (IllegalArgumentException e) {
            problem("web: " + web.name() + "'s " + variable + " is not a URL");
            return;
        }
        Optional<Service> target = stack.service(url.getHost()).filter(service -> service.role() == role);
        if (target.isEmpty()) {
            problem("web: " + web.name() + "'s " + variable + " names " + url.getHost() + ", which is no " + role
                    + " service");
            return;
        }
        if (url.getPort() != listenPort(target.get()).getAsInt()) {
            problem("web: " + web.name() + "'s " + variable + " uses port " + url.getPort() + " but "
                    + target.get().name() + " listens on "
                    + listenPort(target.get()).getAsInt());
        }
        if (!web.node()
                .path("depends_on")
                .path(target.get().name())
                .path("condition")
                .asText()
                .equals("service_healthy")) {
            problem("web: " + web.name() + " starts without waiting for "
                    + target.get().name() + " to be healthy");
        }
    }

    private List<Service> apps() {
        return Stream.concat(stack.withRole(Role.INGEST).stream(), stack.withRole(Role.STREAMS).stream())
                .toList();
    }

    private Optional<Service> single(Role role) {
        List<Service> services = stack.withRole(role);
        if (services.size() != 1) {
            problem(role.name().toLowerCase(Locale.ROOT) + ": expected one " + role + " service, found "
                    + services.size());
            return Optional.empty();
        }
        return Optional.of(services.get(0));
    }

    private List<Mount> mounts(Service service) {
        try {
            return service.mounts();
        } catch (IllegalArgumentException e) {
            problem("files: " + e.getMessage());
            return List.of();
        }
    }

    /** The named volume mounted exactly at {@code containerPath}, declared at the top level. */
    private Optional<String> namedVolumeAt(Service service, String containerPath) {
        String normalized = containerPath.replaceFirst("/+$", "");
        Optional<String> volume = mounts(service).stream()
                .filter(mount ->
                        !mount.bind() && mount.target().replaceFirst("/+$", "").equals(normalized))
                .map(Mount::source)
                .findFirst();
        if (volume.isPresent() && !stack.document().path("volumes").has(volume.get())) {
            problem("files: volume " + volume.get() + " of " + service.name() + " is not declared under volumes:");
        }
        return volume;
    }

    private static Set<Integer> kafkaListenerPorts(Service kafka) {
        Set<Integer> ports = new TreeSet<>();
        for (String listener : kafka.env("KAFKA_LISTENERS").orElse("").split(",")) {
            if (listener.contains("://")) {
                ports.add(portOf(listener.trim()));
            }
        }
        return ports;
    }

    /** {@code host:port} of every advertised listener. */
    private static Set<String> advertisedListeners(Service kafka) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String listener :
                kafka.env("KAFKA_ADVERTISED_LISTENERS").orElse("").split(",")) {
            int scheme = listener.indexOf("://");
            if (scheme > 0) {
                addresses.add(listener.substring(scheme + 3).trim());
            }
        }
        return addresses;
    }

    private static Set<String> jobs(JsonNode config) {
        Set<String> jobs = new TreeSet<>();
        config.path("scrape_configs")
                .forEach(job -> jobs.add(job.path("job_name").asText() + " "
                        + job.path("metrics_path").asText("/metrics")));
        return jobs;
    }

    private static List<String> staticTargets(JsonNode config) {
        List<String> targets = new ArrayList<>();
        for (JsonNode staticConfig : config.path("static_configs")) {
            staticConfig.path("targets").forEach(target -> targets.add(target.asText()));
        }
        return targets;
    }

    private static Set<Path> glob(Path dir, String pattern) {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> matcher.matches(file.getFileName()))
                    .map(ComposeChecker::real)
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static boolean sameFile(Path a, Path b) {
        return Files.exists(a) && Files.exists(b) && real(a).equals(real(b));
    }

    private static String hostOf(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    static int portOf(String address) {
        try {
            return Integer.parseInt(
                    address.substring(address.lastIndexOf(':') + 1).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int intOr(Optional<?> value, int fallback) {
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get().toString().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void allStrings(JsonNode node, java.util.function.Consumer<String> action) {
        if (node.isTextual()) {
            action.accept(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> allStrings(child, action));
        }
    }

    private String relative(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        return normalized.startsWith(base) ? base.relativize(normalized).toString() : normalized.toString();
    }

    private List<String> relativeAll(Set<Path> paths) {
        Path base = real(root);
        return paths.stream()
                .map(path -> path.startsWith(base) ? base.relativize(path).toString() : path.toString())
                .toList();
    }

    private void problem(String message) {
        problems.add(message);
    }
}
