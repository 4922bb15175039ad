package io.expoleads.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The whole system on one machine with nothing but a JDK: a Kafka broker, mongo-java-server on an
 * H2 file, GreenMail catching every email, and the three services, each from its own jar in a
 * JVM of its own. {@code main} runs it until Ctrl-C; tests start it with {@link #start}.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration SERVICE_START_TIMEOUT = Duration.ofMinutes(3);

    private final StackSettings settings;
    private final LocalCredentials credentials;
    private final List<AutoCloseable> running = new ArrayList<>();
    private GreenMail mail;
    private String kafkaBootstrap;
    private String mongoAddress;

    private LocalStack(StackSettings settings, LocalCredentials credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    public static void main(String[] args) {
        LocalStack stack;
        try {
            stack = start(StackSettings.fromArguments(args));
        } catch (Exception e) {
            System.err.println("The local stack could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Expo Leads...");
            stack.close();
            System.out.println("Stopped.");
        }, "local-stack-stop"));
        System.out.println(stack.banner());
    }

    /** Starts everything and returns once all three services answer healthy. */
    public static LocalStack start(StackSettings settings) throws Exception {
        Files.createDirectories(settings.dataDir());
        LocalStack stack = new LocalStack(settings, LocalCredentials.loadOrGenerate(settings.dataDir()));
        try {
            stack.startInfrastructure();
            stack.startServices();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startInfrastructure() throws IOException, InterruptedException {
        Path logs = settings.dataDir().resolve("logs");
        if (settings.mongoAddress() == null) {
            MongoServer mongo = new MongoServer(new H2Backend(settings.dataDir().resolve("mongo.mv").toString()));
            mongo.bind("localhost", settings.mongoPort());
            running.add(mongo::shutdown);
            mongoAddress = "localhost:" + settings.mongoPort();
        } else {
            mongoAddress = settings.mongoAddress();
        }
        mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(settings.smtpPort(), "localhost", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(settings.imapPort(), "localhost", ServerSetup.PROTOCOL_IMAP)});
        mail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        running.add(mail::stop);
        if (settings.kafkaBootstrap() == null) {
            KafkaBroker kafka = KafkaBroker.start(settings.dataDir(), settings.kafkaPort(), settings.kafkaControllerPort(), logs);
            running.add(kafka);
            kafkaBootstrap = kafka.bootstrapServers();
        } else {
            kafkaBootstrap = settings.kafkaBootstrap();
        }
    }

    private void startServices() throws IOException, InterruptedException {
        Path logs = settings.dataDir().resolve("logs");
        List<ServiceProcess> services = List.of(
                ServiceProcess.start(settings.root(), "exhibitor-service", settings.exhibitorPort(),
                        environment(settings.exhibitorPort(), "exhibitors",
                                Map.of("EXPO_ORGANIZER_USERNAME", credentials.organizerUsername(),
                                        "EXPO_ORGANIZER_PASSWORD", credentials.organizerPassword())), logs),
                ServiceProcess.start(settings.root(), "lead-service", settings.leadPort(),
                        environment(settings.leadPort(), "leads", Map.of()), logs),
                ServiceProcess.start(settings.root(), "notification-service", settings.notificationPort(),
                        environment(settings.notificationPort(), "notifications",
                                Map.of("SPRING_MAIL_HOST", "localhost",
                                        "SPRING_MAIL_PORT", Integer.toString(settings.smtpPort()))), logs));
        running.addAll(services);
        for (ServiceProcess service : services) {
            service.awaitHealthy(SERVICE_START_TIMEOUT);
        }
    }

    private Map<String, String> environment(int port, String database, Map<String, String> extra) {
        Map<String, String> environment = new java.util.HashMap<>(extra);
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        environment.put("SPRING_MONGODB_URI", "mongodb://" + mongoAddress + "/" + database);
        return environment;
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

    public String organizerUsername() {
        return credentials.organizerUsername();
    }

    public String organizerPassword() {
        return credentials.organizerPassword();
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
                "  exhibitor-service      " + exhibitorUrl() + "      (health: /actuator/health)",
                "  lead-service           " + leadUrl(),
                "  notification-service   " + notificationUrl(),
                "  Kafka (KRaft)          " + kafkaBootstrap,
                "  MongoDB wire protocol  mongodb://" + mongoAddress + "  (mongo-java-server, H2 file " + data.resolve("mongo.mv") + ")",
                "  SMTP (GreenMail)       localhost:" + settings.smtpPort() + "; read caught mail over IMAP, any password:",
                "                         curl -s --user 'sales@example.com:x' 'imap://localhost:" + settings.imapPort() + "/INBOX;UID=1'",
                "  Organizer login        " + credentials.organizerUsername() + " / " + credentials.organizerPassword()
                        + "   (kept in " + data.resolve("local-credentials.properties") + ";"
                        + " sign in at POST " + exhibitorUrl() + "/api/auth/token)",
                "Press Ctrl-C to stop.",
                "");
    }

    /** Stops the services first, then what they run on. */
    @Override
    public void close() {
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
