package io.expoleads.testsupport;

import java.util.Locale;

/**
 * Which Kafka and MongoDB the integration tests run against. Forced with the system property
 * {@value #PROPERTY} or the environment variable {@value #ENVIRONMENT}; {@link #AUTO} otherwise.
 */
public enum InfrastructureMode {
    /** Testcontainers when Docker answers and both images are already local; embedded otherwise. */
    AUTO,
    /** Testcontainers with the {@code apache/kafka} and {@code mongo} images. */
    CONTAINERS,
    /** The in-process KRaft broker and mongo-java-server. */
    EMBEDDED;

    public static final String PROPERTY = "expo.test.infrastructure";
    public static final String ENVIRONMENT = "EXPO_TEST_INFRASTRUCTURE";

    /** The mode asked for by the property, else the environment, else {@link #AUTO}. */
    public static InfrastructureMode requested() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENVIRONMENT);
        }
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown test infrastructure mode '" + value
                    + "': use auto, containers or embedded", e);
        }
    }
}
