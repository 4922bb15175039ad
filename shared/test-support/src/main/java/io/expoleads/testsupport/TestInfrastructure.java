package io.expoleads.testsupport;


import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.expoleads.embeddedstore.EmbeddedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * One Kafka broker and one MongoDB-compatible server per test JVM, started on first use and
 * stopped when the JVM ends. Which ones is decided once, by {@link InfrastructureMode}.
 */
public final class TestInfrastructure {

    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    public static final String MONGO_IMAGE = "mongo:8.0";
    private static final int PARTITIONS = 3;
    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    private static volatile TestInfrastructure instance;

    private final InfrastructureMode mode;
    private final String kafkaBootstrapServers;
    private final String mongoAddress;

    private TestInfrastructure(InfrastructureMode mode, String kafkaBootstrapServers, String mongoAddress) {
        this.mode = mode;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.mongoAddress = mongoAddress;
    }

    /** The JVM's infrastructure, started if this is the first call. */
    public static TestInfrastructure get() {
        TestInfrastructure current = instance;
        if (current == null) {
            synchronized (TestInfrastructure.class) {
                current = instance;
                if (current == null) {
                    current = start(chooseMode(InfrastructureMode.requested()));
                    instance = current;
                }
            }
        }
        return current;
    }

    /**
     * Resolves {@link InfrastructureMode#AUTO} without ever waiting on an image pull: Docker is
     * asked directly (not through {@code DockerClientFactory}, whose first use starts Ryuk and may
     * pull its image), and containers are chosen only when every image they need is already local.
     */
    static InfrastructureMode chooseMode(InfrastructureMode requested) {
        if (requested != InfrastructureMode.AUTO) {
            return requested;
        }
        try {
            DockerClient docker = dockerClient();
            List<String> needed = new ArrayList<>(List.of(KAFKA_IMAGE, MONGO_IMAGE));
            if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
                needed.add(TestcontainersConfiguration.getInstance().getRyukImage());
            }
            for (String image : needed) {
                if (!imagePresent(docker, image)) {
                    log.info("Docker answers but {} is not pulled: integration tests run embedded", image);
                    return InfrastructureMode.EMBEDDED;
                }
            }
            return InfrastructureMode.CONTAINERS;
        } catch (RuntimeException | LinkageError e) {
            log.info("Docker is not available ({}): integration tests run on the embedded broker and store", e.toString());
            return InfrastructureMode.EMBEDDED;
        }
    }

    private static DockerClient dockerClient() {
        List<DockerClientProviderStrategy> strategies = new ArrayList<>();
        ServiceLoader.load(DockerClientProviderStrategy.class).forEach(strategies::add);
        return DockerClientProviderStrategy.getFirstValidStrategy(strategies).getDockerClient();
    }

    private static boolean imagePresent(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static TestInfrastructure start(InfrastructureMode mode) {
        return mode == InfrastructureMode.CONTAINERS ? startContainers() : startEmbedded();
    }

    private static TestInfrastructure startContainers() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        MongoDBContainer mongo = new MongoDBContainer(MONGO_IMAGE);
        kafka.start();
        mongo.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            mongo.stop();
        }, "test-infrastructure-stop"));
        String address = mongo.getHost() + ":" + mongo.getMappedPort(27017);
        log.info("Integration tests run on containers: Kafka {}, MongoDB {}", kafka.getBootstrapServers(), address);
        return new TestInfrastructure(InfrastructureMode.CONTAINERS, kafka.getBootstrapServers(), address);
    }

    private static TestInfrastructure startEmbedded() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        kafka.afterPropertiesSet();
        // The local stack's own store, in memory: its indexes, and documents never changed in place.
        EmbeddedStore mongo = EmbeddedStore.inMemory();
        // No stopping hook: both live in this JVM and end with it. Stopping the broker in a hook,
        // while the application contexts' own hooks close their consumers, made every consumer
        // wait out its close timeout against a broker that was already gone.
        String address = "localhost:" + mongo.port();
        log.info("Integration tests run embedded: Kafka {}, mongo-java-server {}", kafka.getBrokersAsString(), address);
        return new TestInfrastructure(InfrastructureMode.EMBEDDED, kafka.getBrokersAsString(), address);
    }

    public InfrastructureMode mode() {
        return mode;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** The MongoDB server's {@code host:port}. */
    public String mongoAddress() {
        return mongoAddress;
    }

    /** A connection string to a database of its own on the shared server. */
    public String mongoUri(String database) {
        return "mongodb://" + mongoAddress + "/" + database;
    }
}
