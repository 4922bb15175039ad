package io.expoleads.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a service (or the web tier) says of its own configuration: its application.yml, and every
 * property its jar knows, from the configuration metadata of its own classes and of each library
 * it carries (Spring Boot's, and the {@code @ConfigurationProperties} of the services and of
 * shared/platform, which the configuration processor describes at build time).
 */
record ServiceConfiguration(String name, Map<String, String> applicationYml, Set<String> knownProperties, Set<String> mapProperties) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final String ADDITIONAL_METADATA = "META-INF/additional-spring-configuration-metadata.json";
    /** The metadata of each library, by name and CRC: the services carry mostly the same ones, read once. */
    private static final Map<String, Metadata> LIBRARIES = new ConcurrentHashMap<>();

    /** The property names a jar's metadata lists, and which of them are maps of strings. */
    private record Metadata(Set<String> names, Set<String> maps) {
    }

    static ServiceConfiguration of(String service) {
        Path module = RenderedOverlay.repository().resolve("services").resolve(service);
        Path jar = module.resolve("target").resolve(service + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the services are packaged before this module (./mvnw verify, "
                    + "or ./mvnw -DskipTests package first)");
        }
        try {
            Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(module.resolve("src/main/resources/application.yml")));
            Map<String, String> flat = Yamls.flatten(yaml);
            Set<String> known = new TreeSet<>(flat.keySet());
            Set<String> maps = new TreeSet<>();
            boolean ownMetadata = false;
            try (JarFile boot = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> entries = boot.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    // Spring Boot 4's repackaging puts the application's own metadata at the jar's root
                    // (for tools that read a jar as a library); older layouts kept it with the classes.
                    if (entry.getName().equals(METADATA) || entry.getName().equals("BOOT-INF/classes/" + METADATA)
                            || entry.getName().equals(ADDITIONAL_METADATA)
                            || entry.getName().equals("BOOT-INF/classes/" + ADDITIONAL_METADATA)) {
                        try (InputStream in = boot.getInputStream(entry)) {
                            addNames(in, known, maps);
                        }
                        ownMetadata = ownMetadata || entry.getName().endsWith(METADATA);
                    } else if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
                        Metadata library = LIBRARIES.get(entry.getName() + "@" + entry.getCrc());
                        if (library == null) {
                            library = new Metadata(new TreeSet<>(), new TreeSet<>());
                            try (ZipInputStream in = new ZipInputStream(boot.getInputStream(entry))) {
                                for (ZipEntry inner; (inner = in.getNextEntry()) != null; ) {
                                    if (inner.getName().equals(METADATA) || inner.getName().equals(ADDITIONAL_METADATA)) {
                                        addNames(in, library.names(), library.maps());
                                    }
                                }
                            }
                            LIBRARIES.put(entry.getName() + "@" + entry.getCrc(), library);
                        }
                        known.addAll(library.names());
                        maps.addAll(library.maps());
                    }
                }
            }
            if (!ownMetadata) {
                // Every service generates it (spring-boot-configuration-processor): without it, only what
                // application.yml happens to name would count as a property the service knows.
                throw new IllegalStateException(jar + " holds no " + METADATA + " of its own: is the configuration "
                        + "processor in its pom?");
            }
            return new ServiceConfiguration(service, flat, Set.copyOf(known), Set.copyOf(maps));
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + service + "'s configuration", e);
        }
    }

    private static void addNames(InputStream metadata, Set<String> known, Set<String> maps) throws IOException {
        JsonNode properties = JSON.readTree(metadata.readAllBytes()).path("properties");
        for (JsonNode property : properties) {
            known.add(property.path("name").asText());
            if (property.path("type").asText().startsWith("java.util.Map<java.lang.String,java.lang.String>")) {
                maps.add(property.path("name").asText());
            }
        }
    }

    String yml(String property) {
        return applicationYml.get(property);
    }

    /**
     * The property an environment variable sets in this service, as Spring Boot binds it
     * ({@code EXPO_PRIVACY_KEY_ENCRYPTION_KEY} is {@code expo.privacy.key-encryption-key}; an entry of
     * a map of strings is named with its key, {@code spring.mail.properties[mail.smtp.auth]}), or null
     * when it sets none of the properties the service knows.
     */
    String propertyOf(String environmentVariable) {
        ConfigurationPropertySource environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(environmentVariable, "set")));
        for (String property : knownProperties) {
            if (ConfigurationPropertyName.isValid(property)
                    && environment.getConfigurationProperty(ConfigurationPropertyName.of(property)) != null) {
                return property;
            }
        }
        for (String map : mapProperties) {
            Map<String, String> entries = new Binder(environment).bind(map, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
            if (entries.size() == 1) {
                return map + "[" + entries.keySet().iterator().next() + "]";
            }
        }
        return null;
    }
}
