package io.expoleads.localstack;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * The Apache Kafka broker from Maven Central, in KRaft combined mode (broker and controller in
 * one process), as a JVM of its own with its log in the data folder: topics and offsets survive a
 * restart of the stack.
 */
final class KafkaBroker implements AutoCloseable {

    private final String name;
    private final Path config;
    private final Path log;
    private final String bootstrapServers;
    /** One for all nodes of a stack: the first node records it. */
    private final ClassDataArchive archive;
    private volatile ChildProcess process;

    private KafkaBroker(String name, Path config, Path log, String bootstrapServers, ClassDataArchive archive) throws IOException {
        this.name = name;
        this.config = config;
        this.log = log;
        this.bootstrapServers = bootstrapServers;
        this.archive = archive;
        this.process = start();
    }

    /** Starts the broker's process; {@link #awaitReady} tells when it takes clients. */
    static KafkaBroker launch(Path dataDir, int port, int controllerPort, Path logs) throws IOException, InterruptedException {
        Path home = dataDir.resolve("kafka");
        Path logDir = home.resolve("log");
        Files.createDirectories(logDir);
        Path config = home.resolve("server.properties");
        Properties p = nodeConfig(1, port, controllerPort, logDir);
        p.setProperty("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        write(config, p);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(config, Uuid.randomUuid().toString(), List.of("--standalone"), logs.resolve("kafka-format.log"));
        }
        return new KafkaBroker("kafka", config, logs.resolve("kafka.log"), "localhost:" + port, nodeArchive());
    }

    /**
     * Three nodes, each broker and controller (a static quorum of three voters), from the same
     * jars, each a JVM of its own with its log under {@code kafka-<n>}: any one may die and the
     * other two keep the quorum and, with {@code min.insync.replicas=2}, take {@code acks=all} writes.
     *
     * @param ports each node's client port and controller port
     */
    static List<KafkaBroker> launchCluster(Path dataDir, List<int[]> ports, Path logs) throws IOException, InterruptedException {
        StringBuilder voters = new StringBuilder();
        for (int n = 0; n < ports.size(); n++) {
            voters.append(n == 0 ? "" : ",").append(n + 1).append("@localhost:").append(ports.get(n)[1]);
        }
        String bootstrap = bootstrapOf(ports);
        Path idFile = dataDir.resolve("kafka-cluster.id");
        // All nodes are formatted with one cluster id, kept so a restart of the stack finds them again.
        String clusterId = Files.exists(idFile) ? Files.readString(idFile).strip() : Uuid.randomUuid().toString();
        List<Path> configs = new java.util.ArrayList<>();
        List<ChildProcess> formatting = new java.util.ArrayList<>();
        for (int n = 0; n < ports.size(); n++) {
            Path home = dataDir.resolve("kafka-" + (n + 1));
            Path logDir = home.resolve("log");
            Files.createDirectories(logDir);
            Properties p = nodeConfig(n + 1, ports.get(n)[0], ports.get(n)[1], logDir);
            p.setProperty("controller.quorum.voters", voters.toString());
            // Replicated like production: three copies, two in sync before a write is acknowledged,
            // and never a leader that may lack acknowledged records.
            p.setProperty("default.replication.factor", "3");
            p.setProperty("min.insync.replicas", "2");
            p.setProperty("unclean.leader.election.enable", "false");
            p.setProperty("offsets.topic.replication.factor", "3");
            p.setProperty("transaction.state.log.replication.factor", "3");
            p.setProperty("transaction.state.log.min.isr", "2");
            p.setProperty("share.coordinator.state.topic.replication.factor", "3");
            p.setProperty("share.coordinator.state.topic.min.isr", "2");
            Path config = home.resolve("server.properties");
            write(config, p);
            configs.add(config);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                // The nodes' storage formatted all at once: one JVM's start each, most of a stack's first start.
                formatting.add(startFormat(config, clusterId, List.of(), logs.resolve("kafka-" + (n + 1) + "-format.log")));
            }
        }
        for (ChildProcess format : formatting) {
            awaitFormat(format);
        }
        Files.writeString(idFile, clusterId);
        List<KafkaBroker> nodes = new java.util.ArrayList<>();
        ClassDataArchive archive = nodeArchive();
        try {
            for (int n = 0; n < configs.size(); n++) {
                nodes.add(new KafkaBroker("kafka-" + (n + 1), configs.get(n), logs.resolve("kafka-" + (n + 1) + ".log"), bootstrap, archive));
            }
        } catch (IOException | RuntimeException e) {
            nodes.forEach(KafkaBroker::close);
            throw e;
        }
        return nodes;
    }

    private static String bootstrapOf(List<int[]> ports) {
        return String.join(",", ports.stream().map(port -> "localhost:" + port[0]).toList());
    }

    private static Properties nodeConfig(int nodeId, int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(nodeId));
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("num.partitions", "3");
        // Services declare every topic with its settings; a topic made on first use would lack them.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private static void write(Path config, Properties p) throws IOException {
        try (Writer writer = Files.newBufferedWriter(config)) {
            p.store(writer, "Written by the local stack at each start");
        }
    }

    private static void format(Path config, String clusterId, List<String> quorum, Path log) throws IOException, InterruptedException {
        awaitFormat(startFormat(config, clusterId, quorum, log));
    }

    private static ChildProcess startFormat(Path config, String clusterId, List<String> quorum, Path log) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("-Xmx256m", "-cp", kafkaClasspath(), "kafka.tools.StorageTool",
                "format"));
        command.addAll(quorum);
        command.addAll(List.of("-t", clusterId, "-c", config.toString()));
        return ChildProcess.startJava("kafka-storage-format", command, Map.of(), log);
    }

    private static void awaitFormat(ChildProcess format) throws InterruptedException {
        if (format.awaitExit(120) != 0) {
            throw new IllegalStateException("Formatting Kafka's storage failed:\n" + format.tail(30));
        }
    }

    /** The archive every node of this launcher's build starts from (the first node records it). */
    static ClassDataArchive nodeArchive() {
        return ClassDataArchive.onLauncherClassPath("kafka", kafkaClasspath(), "kafka.Kafka");
    }

    private ChildProcess start() throws IOException {
        return archive.start(name, List.of("-Xms256m", "-Xmx512m"), List.of(config.toString()), Map.of(), log);
    }

    /** The launcher's own classpath holds the broker: its jar's lib folder, or the test classpath. */
    private static String kafkaClasspath() {
        try {
            Path codeSource = Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(codeSource)) {
                return codeSource + File.pathSeparator + codeSource.resolveSibling("lib").resolve("*");
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return System.getProperty("java.class.path");
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        awaitNodes(1, timeout);
    }

    /** Waits until the cluster this node belongs to reports that many brokers. */
    void awaitNodes(int expected, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka stopped while starting:\n" + process.tail(40));
                }
                try {
                    if (admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size() >= expected) {
                        return;
                    }
                    Thread.sleep(250);
                } catch (Exception notYet) {
                    Thread.sleep(250);
                }
            }
        }
        throw new IllegalStateException("Kafka did not start within " + timeout.toSeconds() + " s; see " + process.log());
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    long pid() {
        return process.pid();
    }

    /** Starts this node again on its data, after it stopped (or was killed). */
    void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        archive.ended(name, process.exitValue());
        process = start();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        ChildProcess last = process;
        last.close();
        if (!last.isAlive()) {
            archive.ended(name, last.exitValue());
        }
    }
}
