package io.expoleads.testsupport;

import java.util.List;
import java.util.UUID;

import com.mongodb.ConnectionString;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The test configuration every integration test imports: Kafka and MongoDB connection details
 * for the JVM's {@link TestInfrastructure}, a database of its own for each application context,
 * a consumer group of its own, so cached contexts sharing the broker never split records, and the
 * JVM's SMTP server. Contexts that stand for instances of one service deployment set the same
 * {@value #INSTANCE_OF} (any name): they share their database and consumer groups, as a service's
 * instances do.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ExpoTestInfrastructure {

    /** The property naming the deployment a context is an instance of. */
    public static final String INSTANCE_OF = "expo.test.instance-of";

    private final String contextId = UUID.randomUUID().toString().substring(0, 8);

    private String deployment(String instanceOf) {
        return instanceOf.isBlank() ? contextId : instanceOf;
    }

    @Bean
    TestInfrastructure testInfrastructure() {
        return TestInfrastructure.get();
    }

    @Bean
    KafkaConnectionDetails kafkaConnectionDetails(TestInfrastructure infrastructure) {
        List<String> servers = List.of(infrastructure.kafkaBootstrapServers().split(","));
        return () -> servers;
    }

    @Bean
    MongoConnectionDetails mongoConnectionDetails(TestInfrastructure infrastructure,
                                                  @Value("${spring.application.name:test}") String application,
                                                  @Value("${" + INSTANCE_OF + ":}") String instanceOf) {
        ConnectionString connection = new ConnectionString(infrastructure.mongoUri(application + "-" + deployment(instanceOf)));
        return () -> connection;
    }

    @Bean
    DynamicPropertyRegistrar isolatedConsumerGroup(@Value("${spring.application.name:test}") String application,
                                                   @Value("${" + INSTANCE_OF + ":}") String instanceOf) {
        return registry -> registry.add("expo.kafka.consumer-group", () -> application + "-" + deployment(instanceOf));
    }

    /** Services that check access tokens fetch the keys of the JVM's {@link TestTokens}. */
    @Bean
    DynamicPropertyRegistrar testTokenKeys() {
        return registry -> registry.add("expo.auth.jwks-uri", () -> TestTokens.get().jwksUri());
    }

    /**
     * Services that seal visitors' personal data share the JVM's random key-encryption key, as the
     * services of one deployment share theirs.
     */
    @Bean
    DynamicPropertyRegistrar testKeyEncryptionKey() {
        return registry -> registry.add("expo.privacy.key-encryption-key", ExpoTestInfrastructure::keyEncryptionKey);
    }

    /** The JVM's key-encryption key, base64 of 32 random bytes, for tests that start services themselves. */
    public static String keyEncryptionKey() {
        return TestKeyEncryptionKey.VALUE;
    }

    private static final class TestKeyEncryptionKey {
        static final String VALUE;

        static {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            VALUE = java.util.Base64.getEncoder().encodeToString(key);
        }
    }

    /** Services that send mail send it to the JVM's {@link TestMailServer}. */
    @Bean
    DynamicPropertyRegistrar testMailServer() {
        return registry -> {
            registry.add("spring.mail.host", () -> "localhost");
            registry.add("spring.mail.port", () -> TestMailServer.get().getSmtp().getPort());
        };
    }
}
