package io.expoleads.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.expoleads.embeddedstore.EmbeddedStore;

/**
 * The whole system on one machine with nothing but a JDK: a Kafka broker, mongo-java-server on an
 * H2 file, GreenMail catching every email, the three services and the web tier (the web apps and
 * the API on one origin), each from its own jar in a JVM of its own; in cluster mode three Kafka
 * nodes and two instances of each service. {@code main} runs it until Ctrl-C; tests start it with {@link #start}.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration SERVICE_START_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> SERVICES = List.of("exhibitor-service", "lead-service", "notification-service", "web-app");

    private final StackSettings settings;
    private final LocalCredentials credentials;
    private final List<AutoCloseable> running = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile GreenMail mail;
    private boolean closed;
    private String kafkaBootstrap;
    private String mongoAddress;
    private volatile List<ServiceProcess> services = List.of();
    private volatile EmbeddedStore store;
    private volatile List<KafkaBroker> kafkaNodes = List.of();

    private LocalStack(StackSettings settings, LocalCredentials credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--prepare")) {
            System.exit(prepare(args));
        }
        StackSettings settings;
        LocalStack stack;
        try {
            settings = StackSettings.fromArguments(args);
            Files.createDirectories(settings.dataDir());
            stack = new LocalStack(settings, LocalCredentials.loadOrGenerate(settings.dataDir()));
        } catch (Exception e) {
            System.err.println("The local stack could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // Registered before anything starts: Ctrl-C while starting stops what has started so far.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Expo Leads...");
            stack.close();
            System.out.println("Stopped.");
        }, "local-stack-stop"));
        try {
            stack.startAll();
        } catch (Exception e) {
            System.err.println("The local stack could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(stack.banner());
        stack.readConsole(new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * {@code --prepare}: each service's jar unpacked and every class-data archive recorded
     * ({@link ClassDataArchive}) by a stack started once on ports free now, in memory, and stopped, so
     * that the next start of this build, the first one too, maps them. The build runs it before the
     * integration tests; nothing to do if this build's archives are there.
     */
    private static int prepare(String[] args) {
        try {
            StackSettings requested = StackSettings.fromArguments(java.util.Arrays.stream(args)
                    .filter(arg -> !arg.equals("--prepare")).toArray(String[]::new));
            boolean recorded = ClassDataArchive.prepareAll(jars(requested)).values().stream().allMatch(ClassDataArchive::recorded)
                    && KafkaBroker.nodeArchive().recorded();
            if (recorded) {
                System.out.println("This build's class-data archives are recorded already.");
                return 0;
            }
            Path data = Files.createTempDirectory("expo-prepare");
            java.time.Instant began = java.time.Instant.now();
            try {
                LocalStack.start(requested.onFreePortsInMemory().withDataDir(data)).close();
            } finally {
                ClassDataArchive.deleteTree(data);
            }
            System.out.printf("Class-data archives recorded in %.1f s: every start of this build maps them.%n",
                    Duration.between(began, java.time.Instant.now()).toMillis() / 1000.0);
            return 0;
        } catch (Exception e) {
            System.err.println("Preparing the stack failed: " + e.getMessage());
            return 1;
        }
    }

    private static Map<String, Path> jars(StackSettings settings) {
        return SERVICES.stream().collect(java.util.stream.Collectors.toMap(name -> name, name -> ServiceProcess.jar(settings.root(), name)));
    }

    /**
     * Commands typed on the launcher's console, to try what a fault does to the system (the fault
     * tests type them too): {@code store stop} and {@code store start} (the embedded store's port
     * closed, every connection cut, then open again on the same data), {@code mail stop} and
     * {@code mail start} (the mail server's ports closed, then open again with the mail kept in
     * {@code data/mail/}), {@code kafka start <n>} (a
     * Kafka node that died, started again on its data). Ends when the console closes; the stack
     * runs on until Ctrl-C.
     */
    private void readConsole(java.io.BufferedReader console) {
        try {
            String line;
            while ((line = console.readLine()) != null) {
                String command = line.trim();
                if (!command.isEmpty()) {
                    report(command(command));
                }
            }
        } catch (IOException closed) {
            // no console: nothing to read
        }
    }

    /** Runs one console command and says what it did. */
    String command(String command) {
        String[] words = command.split("\\s+");
        try {
            if (words.length == 2 && words[0].equals("store") && store != null) {
                return switch (words[1]) {
                    case "stop" -> store.stop() ? "store stopped (port " + settings.mongoPort() + " closed)" : "store was already stopped";
                    case "start" -> store.start() ? "store started again (port " + settings.mongoPort() + ")" : "store was already running";
                    default -> "store stop | store start";
                };
            }
            if (words.length == 2 && words[0].equals("mail")) {
                return switch (words[1]) {
                    case "stop" -> stopMail() ? "mail server stopped (SMTP port " + settings.smtpPort() + " closed)"
                            : "mail server was already stopped";
                    case "start" -> startMailAgain();
                    default -> "mail stop | mail start";
                };
            }
            if (words.length == 3 && words[0].equals("kafka") && words[1].equals("start")) {
                int node = Integer.parseInt(words[2]);
                if (node < 1 || node > kafkaNodes.size()) {
                    return "Kafka nodes are 1 to " + kafkaNodes.size();
                }
                KafkaBroker broker = kafkaNodes.get(node - 1);
                if (broker.isAlive()) {
                    return "Kafka node " + node + " is running";
                }
                broker.restart();
                return "Kafka node " + node + " started again (pid " + broker.pid() + ")";
            }
        } catch (IOException | RuntimeException e) {
            return command + " failed: " + e.getMessage();
        }
        return "commands: store stop, store start" + (store == null ? " (only for the embedded store)" : "")
                + ", mail stop, mail start, kafka start <node>";
    }

    /** Starts everything and returns once the three services and the web tier answer healthy. */
    public static LocalStack start(StackSettings settings) throws Exception {
        Files.createDirectories(settings.dataDir());
        LocalStack stack = new LocalStack(settings, LocalCredentials.loadOrGenerate(settings.dataDir()));
        try {
            stack.startAll();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        requireFreePorts();
        // Each service's jar unpacked while the store and Kafka start (only the first start of a build
        // has any to do), so that its JVM can map its classes from an archive: ClassDataArchive.
        java.util.concurrent.CompletableFuture<Map<String, ClassDataArchive>> archives = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> ClassDataArchive.prepareAll(jars(settings)));
        startInfrastructure();
        startServices(archives.join());
    }

    /** Another stack, or anything else, on one of our ports would answer in our place: refuse to start. */
    private void requireFreePorts() {
        List<Integer> ports = new ArrayList<>(List.of(settings.smtpPort(), settings.imapPort(), settings.webPort()));
        for (int port : List.of(settings.exhibitorPort(), settings.leadPort(), settings.notificationPort())) {
            ports.addAll(settings.instancePorts(port));
        }
        if (settings.kafkaBootstrap() == null) {
            settings.kafkaNodePorts().forEach(node -> ports.addAll(List.of(node[0], node[1])));
        }
        if (settings.mongoAddress() == null) {
            ports.add(settings.mongoPort());
        }
        List<Integer> taken = ports.stream().filter(port -> !free(port)).toList();
        if (!taken.isEmpty()) {
            throw new IllegalStateException("port(s) " + taken + " are in use (another stack still running?);"
                    + " stop it or choose other ports with --kafka-port=..., --exhibitor-port=... and so on");
        }
    }

    /** Whether nothing listens on the port now: what the launcher checks before it starts (requireFreePorts). */
    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void startInfrastructure() throws IOException, InterruptedException {
        Path logs = settings.dataDir().resolve("logs");
        if (settings.mongoAddress() == null) {
            store = EmbeddedStore.open(settings.memoryStore(), settings.dataDir().resolve("mongo.mv"), settings.mongoPort());
            keep(store);
            mongoAddress = "localhost:" + settings.mongoPort();
        } else {
            mongoAddress = settings.mongoAddress();
        }
        startMail();
        keep(this::stopMail);
        if (settings.kafkaBootstrap() == null && settings.cluster()) {
            List<KafkaBroker> nodes = KafkaBroker.launchCluster(settings.dataDir(), settings.kafkaNodePorts(), logs);
            nodes.forEach(this::keep);
            kafkaNodes = nodes;
            nodes.get(0).awaitNodes(nodes.size(), Duration.ofMinutes(3));
            kafkaBootstrap = nodes.get(0).bootstrapServers();
        } else if (settings.kafkaBootstrap() == null) {
            KafkaBroker kafka = KafkaBroker.launch(settings.dataDir(), settings.kafkaPort(), settings.kafkaControllerPort(), logs);
            keep(kafka);
            kafkaNodes = List.of(kafka);
            kafka.awaitReady(Duration.ofMinutes(2));
            kafkaBootstrap = kafka.bootstrapServers();
        } else {
            kafkaBootstrap = settings.kafkaBootstrap();
        }
    }

    private void startServices(Map<String, ClassDataArchive> archives) throws IOException, InterruptedException {
        Path logs = settings.dataDir().resolve("logs");
        List<ServiceProcess> services = new ArrayList<>();
        for (int n = 0; n < settings.instances(); n++) {
            int exhibitorPort = settings.instancePorts(settings.exhibitorPort()).get(n);
            int leadPort = settings.instancePorts(settings.leadPort()).get(n);
            int notificationPort = settings.instancePorts(settings.notificationPort()).get(n);
            services.add(ServiceProcess.start(settings.root(), "exhibitor-service", instance("exhibitor-service", n), exhibitorPort,
                    environment(exhibitorPort, "exhibitors",
                            Map.of("EXPO_ORGANIZER_USERNAME", credentials.organizerUsername(),
                                    "EXPO_ORGANIZER_PASSWORD", credentials.organizerPassword(),
                                    "SPRING_MAIL_HOST", "localhost",
                                    "SPRING_MAIL_PORT", Integer.toString(settings.smtpPort()),
                                    // The invitation emails link to this stack's own scanner page.
                                    "EXPO_WEB_PUBLIC_URL", webUrl(),
                                    // A receiver on this machine is the usual way to try webhooks locally.
                                    "EXPO_WEBHOOKS_ALLOW_LOOPBACK", "true")), logs, archives.get("exhibitor-service")));
            services.add(ServiceProcess.start(settings.root(), "lead-service", instance("lead-service", n), leadPort,
                    environment(leadPort, "leads", Map.of("EXPO_AUTH_JWKS_URI", jwksUri(),
                            "EXPO_PRIVACY_KEY_ENCRYPTION_KEY", credentials.keyEncryptionKey(),
                            // Visitors' sign-in links for their own page link to this stack's /privacy/.
                            "SPRING_MAIL_HOST", "localhost",
                            "SPRING_MAIL_PORT", Integer.toString(settings.smtpPort()),
                            "EXPO_WEB_PUBLIC_URL", webUrl())), logs, archives.get("lead-service")));
            services.add(ServiceProcess.start(settings.root(), "notification-service", instance("notification-service", n),
                    notificationPort, environment(notificationPort, "notifications",
                            Map.of("SPRING_MAIL_HOST", "localhost",
                                    "SPRING_MAIL_PORT", Integer.toString(settings.smtpPort()),
                                    "EXPO_AUTH_JWKS_URI", jwksUri(),
                                    "EXPO_PRIVACY_KEY_ENCRYPTION_KEY", credentials.keyEncryptionKey(),
                                    // The retention reminders link to this stack's own dashboard.
                                    "EXPO_WEB_PUBLIC_URL", webUrl(),
                                    // Checked again at send time, after resolution: same rule as at configuration.
                                    "EXPO_WEBHOOKS_ALLOW_LOOPBACK", "true")), logs, archives.get("notification-service")));
        }
        Map<String, String> web = new java.util.HashMap<>(settings.environment());
        web.putAll(Map.of("SERVER_PORT", Integer.toString(settings.webPort()),
                // Every instance of each service: the web tier balances over those its health checks find UP.
                "EXPO_SERVICES_EXHIBITOR", String.join(",", exhibitorUrls()),
                "EXPO_SERVICES_LEAD", String.join(",", leadUrls()),
                "EXPO_SERVICES_NOTIFICATION", String.join(",", notificationUrls())));
        services.add(ServiceProcess.start(settings.root(), "web-app", settings.webPort(), web, logs, archives.get("web-app")));
        services.forEach(this::keep);
        for (ServiceProcess service : services) {
            service.awaitHealthy(SERVICE_START_TIMEOUT);
        }
        services.forEach(service -> service.supervise(this::report));
        this.services = List.copyOf(services);
    }

    /** The first instance has the service's name, the second {@code -2} after it. */
    private static String instance(String service, int n) {
        return n == 0 ? service : service + "-" + (n + 1);
    }

    /** A line for the console and for {@code data/logs/launcher.log}: what the launcher did on its own. */
    private void report(String line) {
        String stamped = java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + line;
        System.out.println(stamped);
        try {
            Files.writeString(settings.dataDir().resolve("logs").resolve("launcher.log"), stamped + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("Could not write the launcher's log: " + e.getMessage());
        }
    }

    /** The process id of a running service instance (or the web tier), by instance name: for tests that kill one. */
    long pidOf(String instance) {
        return services.stream().filter(s -> s.instance().equals(instance)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service instance " + instance)).pid();
    }

    private Map<String, String> environment(int port, String database, Map<String, String> extra) {
        Map<String, String> environment = new java.util.HashMap<>(settings.environment());
        environment.putAll(extra);
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        if (settings.cluster()) {
            // The topics each service declares get the production defaults, a copy on every node and two
            // in sync; never one copy because a single node answered (there is no EXPO_KAFKA_REPLICAS).
            environment.put("EXPO_KAFKA_SINGLE_BROKER_FALLBACK", "false");
        }
        environment.put("SPRING_MONGODB_URI", "mongodb://" + mongoAddress + "/" + database);
        return environment;
    }

    /**
     * Where lead-service and notification-service fetch the keys that verify access tokens: with
     * two instances of exhibitor-service, through the web tier, which balances it like /api (one
     * instance down does not stop token checks). Fetched at the first token, not at start.
     */
    private String jwksUri() {
        return (settings.cluster() ? webUrl() : exhibitorUrl()) + "/.well-known/jwks.json";
    }

    /** Every instance's URL of a service whose first instance is on {@code port}. */
    private List<String> urls(int port) {
        return settings.instancePorts(port).stream().map(p -> "http://localhost:" + p).toList();
    }

    public List<String> exhibitorUrls() {
        return urls(settings.exhibitorPort());
    }

    public List<String> leadUrls() {
        return urls(settings.leadPort());
    }

    public List<String> notificationUrls() {
        return urls(settings.notificationPort());
    }

    public String exhibitorUrl() {
        return "http://localhost:" + settings.exhibitorPort();
    }

    public String leadUrl() {
        return "http://localhost:" + settings.leadPort();
    }

    public String notificationUrl() {
        return "http://localhost:" + settings.notificationPort();
    }

    /** The web tier: the web apps, and the whole API on the same origin. */
    public String webUrl() {
        return "http://localhost:" + settings.webPort();
    }

    public String organizerUsername() {
        return credentials.organizerUsername();
    }

    public String organizerPassword() {
        return credentials.organizerPassword();
    }

    private synchronized String startMailAgain() throws IOException {
        if (mail != null) {
            return "mail server is running";
        }
        startMail();
        return "mail server started again (SMTP port " + settings.smtpPort() + ")"
                + (settings.memoryStore() ? "; with --store=memory the mail caught before is gone" : "");
    }

    /** The system property Jakarta Mail reads first when it looks for its stream provider, and Angus Mail's. */
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    private static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    /**
     * Names Angus Mail's stream provider, as the services name it for themselves (the platform's
     * {@code ExpoMailAutoConfiguration}, which the launcher does not have): Jakarta Mail 2.1 looks for
     * its provider at every header block and part of every message GreenMail stores, by a ServiceLoader
     * scan of the whole class path unless the property names it. That scan was 10 % of the launcher's
     * processor time while the services emailed alerts (JFR of the launcher on the benchmark's small fair,
     * 50 and 100 scans/s: GreenMail's storing of messages 13.5 %, the scan 71 % of it).
     */
    static void nameTheMailStreamProvider() {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            try {
                Class.forName(ANGUS_STREAM_PROVIDER, false, LocalStack.class.getClassLoader());
                System.setProperty(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
            } catch (ClassNotFoundException absent) {
                // Another provider, if any, is found as Jakarta Mail finds it.
            }
        }
    }

    /** Starts the mail server and gives it back the caught mail kept under {@code data/mail/}. */
    private synchronized void startMail() throws IOException {
        nameTheMailStreamProvider();
        GreenMail started = new GreenMail(new ServerSetup[] {
                new ServerSetup(settings.smtpPort(), "localhost", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(settings.imapPort(), "localhost", ServerSetup.PROTOCOL_IMAP)});
        started.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        started.start();
        mail = started;
        if (!settings.memoryStore()) {
            // Caught mail survives a restart like the rest of data/; with --store=memory it goes with the database.
            CaughtMail.keep(started, settings.dataDir().resolve("mail"));
        }
    }

    /** Stops the mail server: its ports closed, senders refused until it starts again. */
    private synchronized boolean stopMail() {
        if (mail == null) {
            return false;
        }
        mail.stop();
        mail = null;
        return true;
    }

    /** The mail server catching what the services send. */
    public GreenMail mail() {
        return mail;
    }

    String banner() {
        Path data = settings.dataDir();
        return String.join(System.lineSeparator(),
                "",
                "Expo Leads is running. Data in " + data + ", logs in " + data.resolve("logs"),
                "  booth scanner          " + webUrl() + "/scan/   (phones: staff sign in, scan badges, online or offline)",
                "  exhibitor dashboard    " + webUrl() + "/dashboard/   (the exhibitor's admin: leads live, exports, team, settings, deliveries)",
                "  organizer console      " + webUrl() + "/console/   (editions, applications, booths, attendee import, badges)",
                "  web tier               " + webUrl() + "         (the web apps, and the API at /api/** for all three services)",
                "  exhibitor-service      " + String.join(" ", exhibitorUrls()) + "      (health: /actuator/health)",
                "  lead-service           " + String.join(" ", leadUrls()),
                "  notification-service   " + String.join(" ", notificationUrls())
                        + (settings.cluster() ? "   (two instances each, balanced by the web tier, each restarted if it dies)" : ""),
                "  Kafka (KRaft)          " + kafkaBootstrap + (settings.cluster() ? "   (three nodes, each broker and controller)" : ""),
                "  MongoDB wire protocol  mongodb://" + mongoAddress + "  (mongo-java-server, " + (settings.memoryStore()
                        ? "in memory only: gone at stop" : "H2 file " + data.resolve("mongo.mv")) + ")",
                "  SMTP (GreenMail)       localhost:" + settings.smtpPort() + "; read caught mail over IMAP, any password"
                        + (settings.memoryStore() ? " (in memory only: gone at stop):" : " (kept in " + data.resolve("mail") + "):"),
                "                         curl -s --user 'sales@example.com:x' 'imap://localhost:" + settings.imapPort() + "/INBOX;UID=1'",
                "  Organizer login        " + credentials.organizerUsername() + " / "
                        + (credentials.generatedNow() ? credentials.organizerPassword() + "   (generated now, shown this once;"
                                : "(the password generated at the first start;")
                        + " kept in " + data.resolve("local-credentials.properties") + ")",
                "                         sign in at POST " + exhibitorUrl() + "/api/auth/token",
                "Console commands (to try faults): store stop, store start, mail stop, mail start, kafka start <node>.",
                "Press Ctrl-C to stop.",
                "");
    }

    /** Takes a started part under the stack's care, or stops it at once if the stack is stopping. */
    private synchronized void keep(AutoCloseable part) {
        if (closed) {
            closeQuietly(part);
            throw new IllegalStateException("stopped while starting");
        }
        running.add(part);
    }

    /** Stops the services first, then what they run on. */
    @Override
    public synchronized void close() {
        closed = true;
        List<AutoCloseable> reversed = new ArrayList<>(running);
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().filter(ServiceProcess.class::isInstance).forEach(LocalStack::closeQuietly);
        reversed.stream().filter(part -> !(part instanceof ServiceProcess)).forEach(LocalStack::closeQuietly);
        running.clear();
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            System.err.println("While stopping: " + e);
        }
    }
}
