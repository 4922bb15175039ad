package io.expoleads.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.expoleads.testsupport.FreePorts;
import io.expoleads.testsupport.TestInfrastructure;

/**
 * The whole system: the three services and the web tier as their own processes, on free ports,
 * with a data folder of their own, on the Kafka broker and store this test JVM shares. The store is
 * shared: accounts from other classes' stacks are there too, so each class signs people up under
 * email addresses of its own. Classes that only need the system running share one stack
 * ({@link SharedStack}); a class that stops or kills part of it starts its own.
 */
final class TestStacks {

    private TestStacks() {
    }

    static LocalStack start(String name) throws Exception {
        return LocalStack.start(settings(name));
    }

    static StackSettings settings(String name) throws IOException {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        return StackSettings.defaults(StackSettings.findRepositoryRoot())
                .withDataDir(Files.createTempDirectory("expo-" + name))
                .withExternalInfrastructure(infrastructure.kafkaBootstrapServers(), infrastructure.mongoAddress())
                .withPorts(freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
    }

    /** Where the browser tests put the screenshots the README shows. */
    static Path screenshots() throws IOException {
        return Files.createDirectories(StackSettings.findRepositoryRoot().resolve("docs").resolve("screenshots"));
    }

    static int freePort() {
        return FreePorts.next();
    }
}
