package io.expoleads.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.ExpoKafkaProperties.TopicSettings;

/**
 * Builds topic declarations from configuration ({@code expo.kafka.topics}, over the production
 * {@link TopicDefaults}) and the cleanup policy of the contract. Every service declares,
 * identically, each topic it publishes or consumes and its DLT, so whichever service starts first
 * creates them right (brokers do not create topics on first use).
 * <p>
 * Before declaring, it looks at the cluster once: an existing topic keeps its partition count (adding
 * partitions would move keys to other partitions; the README says how to do it by hand), and a
 * single-broker cluster whose topics have one replica (a laptop, a test) gets one replica and
 * {@code min.insync.replicas=1} instead of failing, said in a warning.
 */
public final class TopicDeclarations {

    static final String DEFAULTS = "defaults";
    static final String DEAD_LETTERS = "dead-letters";
    private static final Logger log = LoggerFactory.getLogger(TopicDeclarations.class);
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(15);

    private final ExpoKafkaProperties properties;
    private final Supplier<Map<String, Object>> adminConfig;
    /** Topics already warned of, so a service declaring twice says it once. */
    private final Map<String, Integer> warnedPartitions = new HashMap<>();
    /** The cluster did not answer once: later declarations of this start do not wait for it again. */
    private boolean unreachable;
    private boolean warnedSingleBroker;

    TopicDeclarations(ExpoKafkaProperties properties, Supplier<Map<String, Object>> adminConfig) {
        this.properties = properties;
        this.adminConfig = adminConfig;
    }

    /** What the broker said: how many brokers, and the partitions and replicas of existing topics. */
    record Cluster(int brokers, Map<String, TopicDescription> existing) {

        static final Cluster UNKNOWN = new Cluster(0, Map.of());

        boolean anyReplicated() {
            return existing.values().stream().anyMatch(topic -> topic.partitions().stream().anyMatch(p -> p.replicas().size() > 1));
        }
    }

    /** A contract topic and its DLT. */
    public List<NewTopic> declare(String topic) {
        return declare(List.of(topic));
    }

    /** The declarations of these topics and their DLTs, as one bean for {@link KafkaAdmin}. */
    public KafkaAdmin.NewTopics all(String... topics) {
        return new KafkaAdmin.NewTopics(declare(List.of(topics)).toArray(NewTopic[]::new));
    }

    /**
     * The declarations of these topics and their DLTs on a new cluster of {@code brokers} brokers,
     * holding none of them yet, with the production defaults: what deployment files that create the
     * topics before any service starts (Strimzi's {@code KafkaTopic}) must match. Nothing is asked of
     * a cluster.
     */
    public static List<NewTopic> onNewCluster(int brokers, Collection<String> topics) {
        // The properties' own defaults, as a service binds them with nothing configured.
        ExpoKafkaProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of("expo.kafka.single-broker-fallback", "false")))
                .bindOrCreate("expo.kafka", ExpoKafkaProperties.class);
        TopicDeclarations declarations = new TopicDeclarations(defaults, Map::of);
        return declarations.declare(withDeadLetters(topics), new Cluster(brokers, Map.of()));
    }

    private synchronized List<NewTopic> declare(List<String> topics) {
        List<String> names = withDeadLetters(topics);
        return declare(names, look(names));
    }

    private static List<String> withDeadLetters(Collection<String> topics) {
        List<String> names = new ArrayList<>();
        for (String topic : topics) {
            names.add(topic);
            names.add(Topics.deadLetter(topic));
        }
        return names;
    }

    private List<NewTopic> declare(List<String> names, Cluster seen) {
        if (fallsBackToOneReplica(seen) && !warnedSingleBroker) {
            warnedSingleBroker = true;
            log.warn("The Kafka cluster has a single broker and its topics one replica: topics are declared with 1 replica and "
                    + "min.insync.replicas 1 instead of the configured ones (expo.kafka.single-broker-fallback); fine for a laptop "
                    + "or a test, never for production");
        }
        List<NewTopic> declared = new ArrayList<>();
        for (String name : names) {
            declared.add(build(name, seen));
        }
        return declared;
    }

    /** The settings that apply to {@code name}, a contract topic or a DLT, before looking at the cluster. */
    TopicSettings configured(String name) {
        Map<String, TopicSettings> configured = properties.topics();
        TopicSettings defaults = orEmpty(configured.get(DEFAULTS)).over(TopicDefaults.ALL);
        if (name.endsWith(Topics.deadLetter(""))) {
            return orEmpty(configured.get(name)).over(orEmpty(configured.get(DEAD_LETTERS)))
                    .over(TopicDefaults.DEAD_LETTERS).over(defaults);
        }
        return orEmpty(configured.get(name)).over(TopicDefaults.BY_TOPIC.get(name)).over(defaults);
    }

    private NewTopic build(String name, Cluster seen) {
        TopicSettings settings = configured(name);
        int partitions = settings.partitions();
        short replicas = settings.replicas();
        int minInsync = settings.minInsyncReplicas();
        if (minInsync > replicas) {
            throw new IllegalStateException("Topic " + name + ": min.insync.replicas " + minInsync
                    + " is more than its replication factor " + replicas + " (expo.kafka.topics)");
        }
        String applied = "configured";
        TopicDescription existing = seen.existing().get(name);
        if (replicas > 1 && fallsBackToOneReplica(seen)) {
            replicas = 1;
            minInsync = 1;
            applied = "single broker: 1 replica, min.insync.replicas 1 instead of " + settings.replicas() + " and "
                    + settings.minInsyncReplicas() + " (expo.kafka.single-broker-fallback)";
        } else if (existing == null && seen.brokers() > 0 && seen.brokers() < replicas) {
            throw new IllegalStateException("Topic " + name + " needs " + replicas + " replicas and the cluster has "
                    + seen.brokers() + " brokers: start the brokers, or set expo.kafka.topics replicas");
        }
        if (existing != null && existing.partitions().size() != partitions) {
            if (existing.partitions().size() < partitions && warnedPartitions.put(name, partitions) == null) {
                log.warn("Topic {} has {} partitions and configuration asks {}: partitions are not added automatically, "
                        + "since that moves keys to other partitions (see the README's topic settings)",
                        name, existing.partitions().size(), partitions);
            }
            partitions = existing.partitions().size();
        }
        TopicBuilder builder = TopicBuilder.name(name).partitions(partitions).replicas(replicas)
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsync))
                .config(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
        String keeping;
        if (Topics.isCompacted(name)) {
            builder.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            // Visitor-keyed topics: an erased visitor's records leave the log within a bounded time.
            Topics.compactionSettings(name).forEach(builder::config);
            keeping = "compacted";
        } else {
            builder.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.retention().toMillis()));
            keeping = "retention " + readable(settings.retention());
        }
        log.info("Topic {}: {} partitions{}, replication factor {}, min.insync.replicas {}, {}, unclean leader election off ({})",
                name, partitions, existing != null ? " (existing)" : "", replicas, minInsync, keeping, applied);
        return builder.build();
    }

    private boolean fallsBackToOneReplica(Cluster seen) {
        return seen.brokers() == 1 && properties.singleBrokerFallback() && !seen.anyReplicated();
    }

    /** Brokers and existing topics among {@code names}; unknown when the cluster does not answer in time. */
    private Cluster look(List<String> names) {
        if (unreachable) {
            return Cluster.UNKNOWN;
        }
        Map<String, Object> config = new HashMap<>(adminConfig.get());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CLUSTER_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLUSTER_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            int brokers = admin.describeCluster().nodes().get(CLUSTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            Map<String, TopicDescription> existing = new LinkedHashMap<>();
            var listed = admin.listTopics().names().get(CLUSTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<String> present = names.stream().filter(listed::contains).toList();
            if (!present.isEmpty()) {
                existing.putAll(admin.describeTopics(present).allTopicNames().get(CLUSTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            // The whole contract's replication tells a development broker from a cluster missing brokers.
            List<String> contract = listed.stream().filter(name -> name.startsWith("expo.")).filter(name -> !existing.containsKey(name)).toList();
            Map<String, TopicDescription> others = contract.isEmpty() ? Map.of()
                    : admin.describeTopics(contract).allTopicNames().get(CLUSTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, TopicDescription> all = new LinkedHashMap<>(others);
            all.putAll(existing);
            return new Cluster(brokers, all);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Could not read the Kafka cluster ({}); topics are declared as configured", e.toString());
            unreachable = true;
            return Cluster.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cluster.UNKNOWN;
        }
    }

    private static String readable(Duration duration) {
        if (!duration.isZero() && duration.toMillis() % Duration.ofDays(1).toMillis() == 0) {
            return duration.toDays() + "d";
        }
        return duration.toString().substring(2).toLowerCase();
    }

    private static TopicSettings orEmpty(TopicSettings settings) {
        return settings == null ? new TopicSettings(null, null, null, null) : settings;
    }
}
