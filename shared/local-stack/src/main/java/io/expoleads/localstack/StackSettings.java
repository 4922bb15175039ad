package io.expoleads.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the local stack keeps its data and which ports it takes. Every value has a default
 * (the ports the README lists); {@code --name=value} arguments override them.
 *
 * @param kafkaBootstrap a Kafka to use instead of starting one (tests), or null
 * @param mongoAddress   a MongoDB {@code host:port} to use instead of starting one (tests), or null
 * @param memoryStore    keep the MongoDB-compatible store in memory only ({@code --store=memory}):
 *                       faster, and everything is gone at stop; by default it is the H2 file in the data folder
 * @param cluster        Kafka as three nodes ({@code --cluster}): node n (0, 1, 2) on {@code kafkaPort + 2n}
 *                       and {@code kafkaControllerPort + 2n}, topics with three replicas; and two
 *                       instances of each service, the second on its first's port plus {@code instanceOffset}
 * @param instanceOffset how far the second instance's port is from the first's in cluster mode
 *                       ({@code --instance-offset}, 100 by default: 8081 and 8181, 8082 and 8182, 8083 and 8183)
 * @param environment    variables added to every service's and the web tier's environment (tests: where their
 *                       spans go); the launcher's own environment is passed on to them in any case
 */
public record StackSettings(
        Path root,
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int mongoPort,
        int smtpPort,
        int imapPort,
        int exhibitorPort,
        int leadPort,
        int notificationPort,
        int webPort,
        String kafkaBootstrap,
        String mongoAddress,
        boolean memoryStore,
        boolean cluster,
        int instanceOffset,
        Map<String, String> environment) {

    public StackSettings {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    public static StackSettings defaults(Path root) {
        return new StackSettings(root, root.resolve("data"), 9092, 9093, 27017, 3025, 3143, 8081, 8082, 8083, 8080, null, null, false, false, 100, Map.of());
    }

    static StackSettings fromArguments(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("--cluster")) {
                options.put("cluster", "true");
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments look like --name=value; got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Path root = options.containsKey("root") ? Path.of(options.remove("root")) : findRepositoryRoot();
        StackSettings d = defaults(root);
        StackSettings settings = new StackSettings(root,
                options.containsKey("data") ? Path.of(options.remove("data")) : d.dataDir(),
                port(options, "kafka-port", d.kafkaPort()),
                port(options, "kafka-controller-port", d.kafkaControllerPort()),
                port(options, "mongo-port", d.mongoPort()),
                port(options, "smtp-port", d.smtpPort()),
                port(options, "imap-port", d.imapPort()),
                port(options, "exhibitor-port", d.exhibitorPort()),
                port(options, "lead-port", d.leadPort()),
                port(options, "notification-port", d.notificationPort()),
                port(options, "web-port", d.webPort()),
                null, null, store(options), Boolean.parseBoolean(options.remove("cluster")),
                offset(options, d.instanceOffset()), Map.of());
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("Unknown options: " + options.keySet()
                    + "; known: root, data, kafka-port, kafka-controller-port, mongo-port, smtp-port, imap-port,"
                    + " exhibitor-port, lead-port, notification-port, web-port, store, instance-offset, and the flag --cluster");
        }
        return settings;
    }

    /** The repository is the nearest folder, from here upwards, that holds the services. */
    static Path findRepositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("services").resolve("lead-service"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Run the local stack from inside the expo-leads repository (or pass --root=...)");
    }

    /** The client and controller port of each Kafka node: one node, or three in cluster mode. */
    public java.util.List<int[]> kafkaNodePorts() {
        java.util.List<int[]> ports = new java.util.ArrayList<>();
        for (int n = 0; n < (cluster ? 3 : 1); n++) {
            ports.add(new int[] {kafkaPort + 2 * n, kafkaControllerPort + 2 * n});
        }
        return ports;
    }

    /** How many instances of each service: two in cluster mode, one otherwise. */
    public int instances() {
        return cluster ? 2 : 1;
    }

    /** The ports of a service's instances, its first instance on {@code port}. */
    public java.util.List<Integer> instancePorts(int port) {
        return cluster ? java.util.List.of(port, port + instanceOffset) : java.util.List.of(port);
    }

    private static int offset(Map<String, String> options, int fallback) {
        String value = options.remove("instance-offset");
        if (value == null) {
            return fallback;
        }
        try {
            int offset = Integer.parseInt(value);
            if (offset < 1 || offset > 10_000) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--instance-offset must be a number from 1 to 10000, got " + value);
        }
    }

    private static boolean store(Map<String, String> options) {
        String store = options.remove("store");
        if (store == null || store.equals("file")) {
            return false;
        }
        if (store.equals("memory")) {
            return true;
        }
        throw new IllegalArgumentException("--store is file (the default: kept in the data folder) or memory, got " + store);
    }

    private static int port(Map<String, String> options, String name, int fallback) {
        String value = options.remove(name);
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a port number, got " + value);
        }
    }

    public StackSettings withExternalInfrastructure(String kafka, String mongo) {
        return new StackSettings(root, dataDir, kafkaPort, kafkaControllerPort, mongoPort, smtpPort, imapPort,
                exhibitorPort, leadPort, notificationPort, webPort, kafka, mongo, memoryStore, cluster, instanceOffset, environment);
    }

    public StackSettings withPorts(int smtp, int imap, int exhibitor, int lead, int notification, int web) {
        return new StackSettings(root, dataDir, kafkaPort, kafkaControllerPort, mongoPort, smtp, imap,
                exhibitor, lead, notification, web, kafkaBootstrap, mongoAddress, memoryStore, cluster, instanceOffset, environment);
    }

    /** The same, with these variables in every service's and the web tier's environment. */
    public StackSettings withEnvironment(Map<String, String> variables) {
        return new StackSettings(root, dataDir, kafkaPort, kafkaControllerPort, mongoPort, smtpPort, imapPort,
                exhibitorPort, leadPort, notificationPort, webPort, kafkaBootstrap, mongoAddress, memoryStore, cluster, instanceOffset,
                variables);
    }

    /**
     * A stack of its own on ports free now (Kafka's, the store's and the mail server's too), with the
     * store in memory: one that runs beside anything else on this machine and leaves nothing behind.
     */
    StackSettings onFreePortsInMemory() {
        int[] ports = freePorts(9);
        return new StackSettings(root, dataDir, ports[0], ports[1], ports[2], ports[3], ports[4],
                ports[5], ports[6], ports[7], ports[8], null, null, true, false, instanceOffset, environment);
    }

    /**
     * {@code count} different ports, free now, between 20000 and 32000: below Linux's ephemeral range
     * (32768-60999), where the system hands out a port to {@code new ServerSocket(0)} and to any
     * process's outgoing connection. Asked one at a time of the system, two of a stack's ports once came
     * back the same (the store bound it first, Kafka then failed to, and the services' Kafka clients
     * talked to the store), and a port handed out can be taken by an outgoing connection before the
     * process that is to listen on it binds it.
     */
    static int[] freePorts(int count) {
        java.util.Set<Integer> chosen = new java.util.LinkedHashSet<>();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int tries = 0; chosen.size() < count; tries++) {
            if (tries == 10_000) {
                throw new IllegalStateException("no " + count + " free ports between 20000 and 32000");
            }
            int port = random.nextInt(20_000, 32_000);
            if (!chosen.contains(port) && LocalStack.free(port)) {
                chosen.add(port);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    public StackSettings withDataDir(Path dir) {
        return new StackSettings(root, dir, kafkaPort, kafkaControllerPort, mongoPort, smtpPort, imapPort,
                exhibitorPort, leadPort, notificationPort, webPort, kafkaBootstrap, mongoAddress, memoryStore, cluster, instanceOffset, environment);
    }
}
