package io.expoleads.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.FreePorts;
import io.expoleads.testsupport.TestInfrastructure;

/**
 * The whole system: the three services and the web tier as their own processes, on free ports,
 * with a data folder of their own, on the Kafka broker and store this test JVM shares. The store is
 * shared: accounts from other classes' stacks are there too, so each class signs people up under
 * email addresses of its own. Classes that only need the system running share one stack
 * ({@link SharedStack}); a class that stops or kills part of it starts its own.
 *
 * <p>Every stack of the JVM starts with the same credentials (written into its data folder before
 * its first start, as a restarted stack finds them): the store is one, so a stack with a password
 * of its own would set the organizer's stored password to it at start (a configured password is the
 * organizer's password), and every stack started before would then fail its sign-ins until the
 * throttle locked the organizer out (seen in a clean CI run: ServiceRestartIT's stack started
 * between two classes of the shared one); and the key-encryption key must be one for the visitor
 * keys on the shared topics to open.
 */
final class TestStacks {

    /**
     * What every test stack's processes run with: notification-service looks for due digests every
     * 2 s instead of every 30 s, so a test that moves a digest's due time to now (and one that waits
     * for a new schedule, which the same check writes) waits seconds, not half a minute. The check
     * runs on one notification-service per period (a lease in the store every stack of this JVM
     * shares), so a stack with the default period would hold the lease up to 24 s.
     */
    private static final Map<String, String> ENVIRONMENT = Map.of("EXPO_DIGESTS_CHECKINTERVAL", "2s");

    /** The organizer's password of every test stack of this JVM. */
    private static final String ORGANIZER_PASSWORD = randomPassword();

    private TestStacks() {
    }

    static LocalStack start(String name) throws Exception {
        return LocalStack.start(settings(name));
    }

    static StackSettings settings(String name) throws IOException {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        Path data = Files.createTempDirectory("expo-" + name);
        Files.writeString(data.resolve("local-credentials.properties"), "organizer.username=organizer\n"
                + "organizer.password=" + ORGANIZER_PASSWORD + "\n"
                + "privacy.key-encryption-key=" + ExpoTestInfrastructure.keyEncryptionKey() + "\n");
        return StackSettings.defaults(StackSettings.findRepositoryRoot())
                .withDataDir(data)
                .withExternalInfrastructure(infrastructure.kafkaBootstrapServers(), infrastructure.mongoAddress())
                .withPorts(freePort(), freePort(), freePort(), freePort(), freePort(), freePort())
                .withEnvironment(ENVIRONMENT);
    }

    /**
     * The same, with {@code variables} added to every process's environment.
     */
    static StackSettings settings(String name, Map<String, String> variables) throws IOException {
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        environment.putAll(variables);
        return settings(name).withEnvironment(environment);
    }

    /** Where the browser tests put the screenshots the README shows. */
    static Path screenshots() throws IOException {
        return Files.createDirectories(StackSettings.findRepositoryRoot().resolve("docs").resolve("screenshots"));
    }

    static int freePort() {
        return FreePorts.next();
    }

    private static String randomPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
