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

    private final ChildProcess process;
    private final String bootstrapServers;

    private KafkaBroker(ChildProcess process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the broker's process; {@link #awaitReady} tells when it takes clients. */
    static KafkaBroker launch(Path dataDir, int port, int controllerPort, Path logs) throws IOException, InterruptedException {
        Path home = dataDir.resolve("kafka");
        Path logDir = home.resolve("log");
        Files.createDirectories(logDir);
        Path config = home.resolve("server.properties");
        writeConfig(config, logDir, port, controllerPort);
        String classpath = kafkaClasspath();
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            ChildProcess format = ChildProcess.startJava("kafka-storage-format",
                    List.of("-Xmx256m", "-cp", classpath, "kafka.tools.StorageTool", "format", "--standalone",
                            "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
                    Map.of(), logs.resolve("kafka-format.log"));
            if (format.awaitExit(120) != 0) {
                throw new IllegalStateException("Formatting Kafka's storage failed:\n" + format.tail(30));
            }
        }
        ChildProcess broker = ChildProcess.startJava("kafka",
                List.of("-Xms256m", "-Xmx512m", "-cp", classpath, "kafka.Kafka", config.toString()),
                Map.of(), logs.resolve("kafka.log"));
        return new KafkaBroker(broker, "localhost:" + port);
    }

    private static void writeConfig(Path config, Path logDir, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("num.partitions", "3");
        // Services declare every topic with its settings; a topic made on first use would lack them.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        try (Writer writer = Files.newBufferedWriter(config)) {
            p.store(writer, "Written by the local stack at each start");
        }
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
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka stopped while starting:\n" + process.tail(40));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
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

    @Override
    public void close() {
        process.close();
    }
}
