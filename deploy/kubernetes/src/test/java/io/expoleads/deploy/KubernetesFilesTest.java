package io.expoleads.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;

import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.TopicDeclarations;
import io.expoleads.platform.privacy.PrivacyProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Renders each overlay of deploy/kubernetes with {@code kubectl kustomize} and holds every object to
 * the Kubernetes and Strimzi schemas, and the deployments to the services' own configuration: ports,
 * probe paths, environment variables that set properties the services know, the topics they declare,
 * the replica set and write concern their store URIs name, and the secrets the README says to create.
 */
class KubernetesFilesTest {

    static final List<String> SERVICES = List.of("exhibitor-service", "lead-service", "notification-service", "web-app");
    private static final Map<String, ServiceConfiguration> CONFIGURATIONS = new ConcurrentHashMap<>();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static Stream<String> overlays() {
        return Stream.of("production", "local");
    }

    static ServiceConfiguration configuration(String service) {
        return CONFIGURATIONS.computeIfAbsent(service, ServiceConfiguration::of);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsOfAKnownKindAndFitsItsSchema(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        assertThat(rendered.objects()).isNotEmpty();
        for (Map<String, Object> object : rendered.objects()) {
            String key = KubernetesSchemas.typeKey(object);
            String where = overlay + ": " + key + " " + Yamls.string(object, "metadata", "name");
            if ("mongodbcommunity.mongodb.com/v1/MongoDBCommunity".equals(key)) {
                // No schema of this CRD is published where the build may fetch from: its embedded
                // StatefulSet override is checked against the Kubernetes type, the rest below.
                assertThat(Yamls.at(object, "spec", "statefulSet", "spec")).as(where).isNotNull();
                KubernetesSchemas.read(Yamls.at(object, "spec", "statefulSet", "spec"), StatefulSetSpec.class);
                continue;
            }
            Class<?> type = KubernetesSchemas.TYPES.get(key);
            assertThat(type).as(where + " is of no kind the test knows a schema of").isNotNull();
            try {
                KubernetesSchemas.read(object, type);
            } catch (IllegalArgumentException e) {
                throw new AssertionError(where + " does not fit its schema: " + e.getMessage(), e);
            }
            if ("kafka.strimzi.io/v1".equals(object.get("apiVersion"))) {
                assertThat(StrimziCrds.errors((String) object.get("kind"), object)).as(where + " against Strimzi's CRD").isEmpty();
            }
        }
    }

    @Test
    void aFieldItsSchemaDoesNotHaveIsRefused() {
        Map<String, Object> deployment = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "x"), "spec", Map.of("replica", 2));
        assertThatThrownBy(() -> KubernetesSchemas.read(deployment, Deployment.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replica");
        Map<String, Object> kafka = Map.of("apiVersion", "kafka.strimzi.io/v1", "kind", "Kafka",
                "metadata", Map.of("name", "x"), "spec", Map.of("kafka", Map.of("listener", List.of())));
        assertThatThrownBy(() -> KubernetesSchemas.read(kafka, Kafka.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listener");
        // A field of v1beta2 that kafka.strimzi.io/v1 no longer has: the model reads it, the CRD does not.
        Map<String, Object> zookeeperEra = Map.of("apiVersion", "kafka.strimzi.io/v1", "kind", "Kafka",
                "metadata", Map.of("name", "x"), "spec", Map.of("kafka", Map.of("replicas", 3,
                        "listeners", List.of(Map.of("name", "plain", "port", 9092, "type", "internal", "tls", false)))));
        KubernetesSchemas.read(zookeeperEra, Kafka.class);
        assertThat(StrimziCrds.errors("Kafka", zookeeperEra)).singleElement().asString().contains("replicas");
        Map<String, Object> noPartitions = Map.of("apiVersion", "kafka.strimzi.io/v1", "kind", "KafkaTopic",
                "metadata", Map.of("name", "x"), "spec", Map.of("partitions", "many"));
        assertThat(StrimziCrds.errors("KafkaTopic", noPartitions)).singleElement().asString().contains("partitions");
        Map<String, Object> wrongType = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "x"), "spec", Map.of("replicas", "two"));
        assertThatThrownBy(() -> KubernetesSchemas.read(wrongType, Deployment.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachServiceRunsTwiceWithItsPortProbesResourcesAndADisruptionBudget(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (String service : SERVICES) {
            ServiceConfiguration config = configuration(service);
            String where = overlay + ": " + service;
            Deployment deployment = KubernetesSchemas.read(rendered.named("Deployment", service), Deployment.class);
            assertThat(deployment.getSpec().getReplicas()).as(where + " replicas").isEqualTo(2);
            Container container = container(deployment, service);

            int port = Integer.parseInt(config.yml("server.port"));
            assertThat(config.yml("management.server.port")).as(where + ": actuator on the server's port").isNull();
            assertThat(container.getPorts()).as(where + " ports").singleElement()
                    .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port))
                    .satisfies(p -> assertThat(p.getName()).isEqualTo("http"));

            String actuator = config.applicationYml().getOrDefault("management.endpoints.web.base-path", "/actuator");
            List<String> exposed = List.of(config.yml("management.endpoints.web.exposure.include").split("\\s*,\\s*"));
            assertThat(exposed).as(where + " exposed endpoints").contains("health", "prometheus");
            assertThat(config.yml("management.endpoint.health.probes.enabled")).as(where + " probes enabled").isEqualTo("true");
            assertProbe(where + " liveness", container.getLivenessProbe(), actuator + "/health/liveness");
            assertProbe(where + " readiness", container.getReadinessProbe(), actuator + "/health/readiness");
            assertProbe(where + " startup", container.getStartupProbe(), actuator + "/health/liveness");
            if (!service.equals("web-app")) {
                assertThat(config.yml("management.endpoint.health.group.readiness.include"))
                        .as(where + ": readiness waits for the store and the brokers").contains("mongo", "kafka");
                assertThat(config.yml("management.endpoint.health.group.liveness.include"))
                        .as(where + ": liveness does not").doesNotContain("mongo", "kafka");
            }
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(annotations).as(where + " scrape annotations")
                    .containsEntry("prometheus.io/path", actuator + "/prometheus")
                    .containsEntry("prometheus.io/port", Integer.toString(port));

            var resources = container.getResources();
            assertThat(resources.getRequests()).as(where + " requests").containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).as(where + " limits").containsKeys("cpu", "memory");
            assertThat(resources.getRequests().get("memory")).as(where + ": memory requested is its limit")
                    .isEqualTo(resources.getLimits().get("memory"));

            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            Service front = KubernetesSchemas.read(rendered.named("Service", service), Service.class);
            assertThat(podLabels).as(where + " Service selector").containsAllEntriesOf(front.getSpec().getSelector());
            assertThat(front.getSpec().getPorts()).as(where + " Service port").singleElement()
                    .satisfies(p -> assertThat(p.getPort()).isEqualTo(port))
                    .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
            PodDisruptionBudget budget = KubernetesSchemas.read(rendered.named("PodDisruptionBudget", service), PodDisruptionBudget.class);
            assertThat(podLabels).as(where + " budget selector").containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMinAvailable().getIntVal()).as(where + " budget").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyEnvironmentVariableSetsAPropertyItsServiceKnows(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (String service : SERVICES) {
            ServiceConfiguration config = configuration(service);
            Container container = container(KubernetesSchemas.read(rendered.named("Deployment", service), Deployment.class), service);
            Set<String> referenced = new HashSet<>();
            for (EnvVar variable : container.getEnv()) {
                if (variable.getValue() != null) {
                    Matcher matcher = REFERENCE.matcher(variable.getValue());
                    while (matcher.find()) {
                        referenced.add(matcher.group(1));
                    }
                }
            }
            Map<String, EnvVar> byProperty = new TreeMap<>();
            for (EnvVar variable : container.getEnv()) {
                String name = variable.getName();
                if (name.equals("JAVA_TOOL_OPTIONS") || referenced.contains(name)) {
                    continue; // read by the JVM itself, or only a part of another variable's value
                }
                String property = config.propertyOf(name);
                assertThat(property).as(overlay + ": " + service + "'s " + name + " sets no property " + service + " knows").isNotNull();
                byProperty.put(property, variable);
            }
            assertThat(byProperty.keySet()).as(overlay + ": " + service).contains("logging.structured.format.console");
            assertThat(byProperty.get("logging.structured.format.console").getValue()).isEqualTo("ecs");
            if (!service.equals("web-app")) {
                assertThat(byProperty.keySet()).as(overlay + ": " + service)
                        .contains("spring.kafka.bootstrap-servers", "spring.mongodb.uri", "spring.mail.host", "spring.mail.port",
                                "expo.web.public-url", "expo.kafka.single-broker-fallback");
                assertThat(byProperty.get("expo.kafka.single-broker-fallback").getValue()).isEqualTo("false");
            } else {
                assertThat(byProperty.keySet()).as(overlay + ": web-app")
                        .contains("expo.services.exhibitor", "expo.services.lead", "expo.services.notification");
            }
            // What must stay secret comes from a Secret: the KEK where the service seals personal data,
            // the organizer's password where the service has one, the mail server's password.
            if ("true".equals(config.yml("expo.privacy.enabled"))) {
                assertFromSecret(overlay, service, byProperty, PrivacyProperties.KEK_PROPERTY);
            }
            if (config.applicationYml().containsKey("expo.organizer.password")) {
                assertFromSecret(overlay, service, byProperty, "expo.organizer.password");
            }
            if (byProperty.containsKey("spring.mail.host")) {
                // The one mail setting that is no property of its own: Jakarta Mail's, through Spring's map.
                assertThat(byProperty).as(overlay + ": " + service + " can use STARTTLS")
                        .containsKey("spring.mail.properties[mail.smtp.starttls.enable]");
            }
            if (byProperty.containsKey("spring.mail.password")) {
                assertFromSecret(overlay, service, byProperty, "spring.mail.password");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theTopicsAreTheOnesTheServicesDeclare(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Map<String, NewTopic> declared = TopicDeclarations.onNewCluster(3, Topics.all()).stream()
                .collect(Collectors.toMap(NewTopic::name, topic -> topic));
        String cluster = kafka(rendered).getMetadata().getName();
        Map<String, KafkaTopic> topics = new TreeMap<>();
        for (Map<String, Object> object : rendered.ofKind("KafkaTopic")) {
            KafkaTopic topic = KubernetesSchemas.read(object, KafkaTopic.class);
            String name = topic.getSpec().getTopicName() != null ? topic.getSpec().getTopicName() : topic.getMetadata().getName();
            assertThat(topic.getMetadata().getLabels()).as(overlay + ": " + name).containsEntry("strimzi.io/cluster", cluster);
            assertThat(topics.put(name, topic)).as(overlay + ": " + name + " declared twice").isNull();
        }
        assertThat(topics.keySet()).as(overlay + ": topics").isEqualTo(new TreeSet<>(declared.keySet()));
        declared.forEach((name, expected) -> {
            KafkaTopic topic = topics.get(name);
            assertThat(topic.getSpec().getPartitions()).as(overlay + ": " + name + " partitions").isEqualTo(expected.numPartitions());
            assertThat(topic.getSpec().getReplicas()).as(overlay + ": " + name + " replicas").isEqualTo((int) expected.replicationFactor());
            Map<String, String> config = new TreeMap<>();
            topic.getSpec().getConfig().forEach((key, value) -> config.put(key, String.valueOf(value)));
            assertThat(config).as(overlay + ": " + name + " config").isEqualTo(new TreeMap<>(expected.configs()));
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaHasThreeBrokersAndTheServicesUseIt(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Kafka kafka = kafka(rendered);
        int brokers = 0;
        int controllers = 0;
        for (Map<String, Object> object : rendered.ofKind("KafkaNodePool")) {
            KafkaNodePool pool = KubernetesSchemas.read(object, KafkaNodePool.class);
            assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            brokers += pool.getSpec().getRoles().contains(ProcessRoles.BROKER) ? pool.getSpec().getReplicas() : 0;
            controllers += pool.getSpec().getRoles().contains(ProcessRoles.CONTROLLER) ? pool.getSpec().getReplicas() : 0;
        }
        assertThat(brokers).as(overlay + ": brokers").isEqualTo(3);
        assertThat(controllers).as(overlay + ": KRaft controllers").isEqualTo(3);
        Map<String, String> config = new TreeMap<>();
        kafka.getSpec().getKafka().getConfig().forEach((key, value) -> config.put(key, String.valueOf(value)));
        assertThat(config).as(overlay + ": broker config")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("unclean.leader.election.enable", "false")
                .containsEntry("auto.create.topics.enable", "false");
        assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).as(overlay + ": topic operator").isNotNull();
        GenericKafkaListener plain = kafka.getSpec().getKafka().getListeners().stream()
                .filter(listener -> !listener.isTls()).findFirst().orElseThrow();
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + plain.getPort();
        for (String service : SERVICES.subList(0, 3)) {
            Map<String, String> environment = environment(rendered, service);
            assertThat(environment).as(overlay + ": " + service).containsEntry(variableOf(service, "spring.kafka.bootstrap-servers"), bootstrap);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void mongoIsAReplicaSetOfThreeThatTheServicesWriteToByMajority(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Map<String, Object> mongo = rendered.ofKind("MongoDBCommunity").stream().collect(singleOf(overlay + ": MongoDBCommunity"));
        String name = Yamls.string(mongo, "metadata", "name");
        assertThat(Yamls.string(mongo, "spec", "type")).isEqualTo("ReplicaSet");
        int members = ((Number) Yamls.at(mongo, "spec", "members")).intValue();
        assertThat(members).as(overlay + ": members").isEqualTo(3);
        List<String> hosts = IntStream.range(0, members).mapToObj(i -> name + "-" + i + "." + name + "-svc:27017").toList();
        for (String service : SERVICES.subList(0, 3)) {
            String where = overlay + ": " + service;
            ServiceConfiguration config = configuration(service);
            Container container = container(KubernetesSchemas.read(rendered.named("Deployment", service), Deployment.class), service);
            String uriVariable = variableOf(service, "spring.mongodb.uri");
            String template = container.getEnv().stream().filter(v -> v.getName().equals(uriVariable)).findFirst().orElseThrow().getValue();
            Matcher password = REFERENCE.matcher(template);
            assertThat(password.find()).as(where + ": the URI takes its password from a variable").isTrue();
            EnvVar passwordVariable = container.getEnv().stream().filter(v -> v.getName().equals(password.group(1))).findFirst().orElseThrow();
            ConnectionString uri = new ConnectionString(template.replace(password.group(), "password"));
            assertThat(uri.getHosts()).as(where + " hosts").isEqualTo(hosts);
            assertThat(uri.getRequiredReplicaSetName()).as(where + " replica set").isEqualTo(name);
            assertThat(uri.getWriteConcern()).as(where + " write concern").isEqualTo(WriteConcern.MAJORITY.withJournal(true));
            assertThat(uri.getDatabase()).as(where + ": its database, as in its application.yml")
                    .isEqualTo(new ConnectionString(config.yml("spring.mongodb.uri")).getDatabase());
            Map<String, Object> user = Yamls.list(mongo, "spec", "users").stream()
                    .filter(u -> uri.getUsername().equals(u.get("name"))).collect(singleOf(where + "'s MongoDB user"));
            assertThat(user.get("db")).as(where + " authentication database").isEqualTo(uri.getCredential().getSource());
            assertThat(Yamls.list(user, "roles")).as(where + " roles")
                    .contains(Map.of("name", "readWrite", "db", uri.getDatabase()))
                    .allSatisfy(role -> assertThat(role.get("db")).isEqualTo(uri.getDatabase()));
            assertThat(passwordVariable.getValueFrom().getSecretKeyRef().getName()).as(where + " password's Secret")
                    .isEqualTo(Yamls.string(user, "passwordSecretRef", "name"));
            assertThat(passwordVariable.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theReadmeSaysHowToCreateEverySecretTheFilesUseAndDoNotMake(String overlay) throws Exception {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Map<String, Set<String>> needed = new TreeMap<>();
        for (Map<String, Object> object : rendered.ofKind("Deployment")) {
            for (Container container : KubernetesSchemas.read(object, Deployment.class).getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                        var ref = variable.getValueFrom().getSecretKeyRef();
                        needed.computeIfAbsent(ref.getName(), k -> new TreeSet<>()).add(ref.getKey());
                    }
                }
            }
        }
        for (Map<String, Object> user : Yamls.list(rendered.ofKind("MongoDBCommunity").get(0), "spec", "users")) {
            needed.computeIfAbsent(Yamls.string(user, "passwordSecretRef", "name"), k -> new TreeSet<>()).add("password");
        }
        rendered.ofKind("Secret").forEach(secret -> needed.remove(Yamls.string(secret, "metadata", "name")));
        assertThat(needed).as(overlay + ": secrets").isNotEmpty();
        String namespace = Yamls.string(rendered.ofKind("Namespace").stream().collect(singleOf(overlay + ": Namespace")), "metadata", "name");
        String readme = Files.readString(RenderedOverlay.repository().resolve("README.md"));
        List<String> missing = new ArrayList<>();
        needed.forEach((secret, keys) -> {
            String command = "kubectl -n " + namespace + " create secret generic " + secret + " ";
            int at = readme.indexOf(command);
            if (at < 0) {
                missing.add(command.strip());
                return;
            }
            // The command, with the lines its trailing backslashes continue it on.
            int end = at;
            do {
                end = readme.indexOf('\n', end + 1);
            } while (end > 0 && readme.charAt(end - 1) == '\\');
            String block = readme.substring(at, end < 0 ? readme.length() : end);
            for (String key : keys) {
                if (!block.contains("--from-literal=" + key + "=")) {
                    missing.add(secret + "'s key " + key);
                }
            }
        });
        assertThat(missing).as(overlay + ": what the README's Kubernetes part does not say to create").isEmpty();
    }

    private static void assertProbe(String what, Probe probe, String path) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what + " path").isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(what + " port").isEqualTo("http");
    }

    private static void assertFromSecret(String overlay, String service, Map<String, EnvVar> byProperty, String property) {
        EnvVar variable = byProperty.get(property);
        assertThat(variable).as(overlay + ": " + service + " sets " + property).isNotNull();
        assertThat(variable.getValue()).as(overlay + ": " + service + "'s " + property + " is no literal").isNull();
        assertThat(variable.getValueFrom().getSecretKeyRef()).as(overlay + ": " + service + "'s " + property + " from a Secret").isNotNull();
        if (!property.equals("spring.mail.password")) {
            assertThat(variable.getValueFrom().getSecretKeyRef().getOptional()).as(overlay + ": " + service + "'s " + property
                    + " is required").isNotEqualTo(Boolean.TRUE);
        }
    }

    private static Container container(Deployment deployment, String service) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as(service + " containers").singleElement()
                .satisfies(c -> assertThat(c.getName()).isEqualTo(service));
        return containers.get(0);
    }

    private static Kafka kafka(RenderedOverlay rendered) {
        return KubernetesSchemas.read(rendered.ofKind("Kafka").stream().collect(singleOf(rendered + ": Kafka")), Kafka.class);
    }

    /** The environment variable through which the files set {@code property} in {@code service}. */
    private static String variableOf(String service, String property) {
        ServiceConfiguration config = configuration(service);
        return environment(RenderedOverlay.of("production"), service).keySet().stream()
                .filter(name -> property.equals(config.propertyOf(name)))
                .findFirst().orElseThrow(() -> new AssertionError(service + " is given no " + property));
    }

    private static Map<String, String> environment(RenderedOverlay rendered, String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : container(KubernetesSchemas.read(rendered.named("Deployment", service), Deployment.class), service).getEnv()) {
            environment.put(variable.getName(), variable.getValue());
        }
        return environment;
    }

    private static <T> java.util.stream.Collector<T, ?, T> singleOf(String what) {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).as(what).hasSize(1);
            return list.get(0);
        });
    }
}
