package io.expoleads.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.json.JsonMapper;

/**
 * Strimzi's CRDs ({@code Kafka}, {@code KafkaNodePool}, {@code KafkaTopic}), made as Strimzi makes
 * them: its CRD generator ({@code io.strimzi:crd-generator}) run over its API model
 * ({@code io.strimzi:api}), both from Maven Central, in a JVM of their own. Their {@code v1} schema
 * (OpenAPI v3) is read as a JSON schema, each object with properties closed to other fields unless it
 * keeps unknown fields ({@code x-kubernetes-preserve-unknown-fields}), as the API server's strict field
 * validation treats them.
 */
final class StrimziCrds {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> MODELS = Map.of(
            "Kafka", "io.strimzi.api.kafka.model.kafka.Kafka",
            "KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool",
            "KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic");
    private static Map<String, Schema> schemas;

    private StrimziCrds() {
    }

    /** The {@code kafka.strimzi.io/v1} schema of each kind, by kind. */
    static synchronized Map<String, Schema> v1() {
        if (schemas == null) {
            schemas = generate();
        }
        return schemas;
    }

    /** What the schema of {@code kind} finds wrong with {@code object}: nothing when it fits. */
    static List<String> errors(String kind, Map<String, Object> object) {
        List<String> found = new ArrayList<>();
        for (Error error : v1().get(kind).validate(JSON.valueToTree(object))) {
            found.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return found;
    }

    private static Map<String, Schema> generate() {
        Path tools = RenderedOverlay.repository().resolve("deploy/kubernetes/target/strimzi-crd-generator");
        try (Stream<Path> jars = Files.list(tools.resolve("model"))) {
            List<String> classpath = new ArrayList<>(jars.map(Path::toString).sorted().toList());
            // Last: the generator bundles an older Kubernetes model than the Strimzi API needs.
            classpath.add(tools.resolve("crd-generator.jar").toString());
            Path out = Files.createTempDirectory("strimzi-crds");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", String.join(java.io.File.pathSeparator, classpath), "io.strimzi.crdgenerator.CrdGenerator",
                    "--crd-api-version", "v1", "--api-versions", "v1beta2,v1", "--storage-version", "v1beta2", "--yaml"));
            MODELS.forEach((kind, model) -> command.add(model + "=" + out.resolve(kind + ".yaml")));
            Path log = out.resolve("generator.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Strimzi's CRD generator took more than 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Strimzi's CRD generator failed: " + Files.readString(log));
            }
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
            Map<String, Schema> generated = new LinkedHashMap<>();
            for (String kind : MODELS.keySet()) {
                Map<String, Object> crd = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(out.resolve(kind + ".yaml")));
                Map<String, Object> version = Yamls.list(crd, "spec", "versions").stream()
                        .filter(v -> "v1".equals(v.get("name"))).findFirst()
                        .orElseThrow(() -> new IllegalStateException(kind + "'s CRD serves no v1"));
                Object schema = close(Yamls.at(version, "schema", "openAPIV3Schema"));
                generated.put(kind, registry.getSchema(JSON.writeValueAsString(schema), InputFormat.JSON));
            }
            return generated;
        } catch (IOException e) {
            throw new IllegalStateException("could not generate Strimzi's CRDs (" + tools + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The schema with every object that lists its properties closed to others. */
    @SuppressWarnings("unchecked")
    private static Object close(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, value) -> copy.put(key, close(value)));
            if (copy.get("properties") instanceof Map<?, ?> && !copy.containsKey("additionalProperties")
                    && !Boolean.TRUE.equals(copy.get("x-kubernetes-preserve-unknown-fields"))) {
                copy.put("additionalProperties", false);
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(StrimziCrds::close).toList();
        }
        return node;
    }
}
