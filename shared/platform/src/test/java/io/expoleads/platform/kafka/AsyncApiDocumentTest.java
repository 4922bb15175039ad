package io.expoleads.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;

/**
 * docs/asyncapi.yaml is the contract as the code has it, and a valid AsyncAPI document.
 * <p>
 * When the contract changes, make the file again with
 * {@code ./mvnw -q -pl shared/platform -am verify -Dtest=AsyncApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dexpo.asyncapi.write=true}
 * and commit it with the change.
 */
class AsyncApiDocumentTest {

    static final Path COMMITTED = Path.of("../../docs/asyncapi.yaml");
    static final String REGENERATE = "./mvnw -q -pl shared/platform -am verify -Dtest=AsyncApiDocumentTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dexpo.asyncapi.write=true";

    @Test
    void the_committed_document_is_the_contract_as_the_code_has_it() throws IOException {
        String generated = AsyncApiDocument.yaml();
        if (Boolean.getBoolean("expo.asyncapi.write")) {
            Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(COMMITTED)).as("docs/asyncapi.yaml is missing; make it with: " + REGENERATE).isTrue();
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("docs/asyncapi.yaml is stale: the topic contract changed. Make it again with%n  %s%nand commit it "
                        + "(the README's \"The topic contract\" says what a change may do within v1)", REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void every_topic_and_every_event_type_has_its_place_in_the_document() throws IllegalAccessException {
        List<String> topics = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        for (Field field : EventTypes.class.getFields()) {
            types.add((String) field.get(null));
        }
        assertThat(AsyncApiDocument.CHANNELS).extracting(AsyncApiDocument.Channel::topic).containsExactlyInAnyOrderElementsOf(topics);
        assertThat(AsyncApiDocument.CHANNELS).flatExtracting(AsyncApiDocument.Channel::types).containsExactlyInAnyOrderElementsOf(types);

        JsonNode document = AsyncApiDocument.document();
        JsonNode scans = document.get("channels").get("scans");
        assertThat(scans.get("address").asString()).isEqualTo(Topics.SCANS);
        assertThat(scans.at("/bindings/kafka/partitions").asInt()).isEqualTo(24);
        assertThat(scans.at("/bindings/kafka/topicConfiguration/retention.ms").asLong()).isEqualTo(30L * 24 * 3_600_000);
        assertThat(document.at("/channels/visitorKeys/bindings/kafka/topicConfiguration/cleanup.policy/0").asString())
                .isEqualTo("compact");
        assertThat(document.at("/channels/leadsDeadLetters/address").asString()).isEqualTo("expo.leads.v1.DLT");
        assertThat(document.at("/components/messages/DeadLetter/headers/properties").has("expo_dlt-reason")).isTrue();
        assertThat(document.at("/components/schemas/ScanAccepted/properties").has("scanId")).isTrue();
    }

    /** The document as generated, which the test above holds equal to the committed one, through the CLI CI uses. */
    @Test
    void the_document_passes_the_asyncapi_cli() throws Exception {
        Path target = Files.createDirectories(Path.of("target/asyncapi"));
        Path document = Files.writeString(target.resolve("asyncapi.yaml"), AsyncApiDocument.yaml(), StandardCharsets.UTF_8);
        // The CLI reports its use over the network unless its settings say no: a build sends nothing.
        Path settings = Files.writeString(target.resolve("analytics.json"),
                "{\"analyticsEnabled\":\"false\",\"infoMessageShown\":\"true\",\"userID\":\"expo-leads-build\"}");
        ProcessBuilder command = new ProcessBuilder("asyncapi", "validate", document.toString(), "--fail-severity=warn")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        command.environment().put("ASYNCAPI_METRICS_CONFIG_PATH", settings.toAbsolutePath().toString());
        Process validate;
        try {
            validate = command.start();
        } catch (IOException e) {
            throw new AssertionError("The AsyncAPI CLI validates docs/asyncapi.yaml and is not installed: "
                    + "npm install -g @asyncapi/cli (as .ci/run does)", e);
        }
        boolean ended = validate.waitFor(2, TimeUnit.MINUTES);
        String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("asyncapi validate did not end within 2 minutes: %s", output).isTrue();
        assertThat(validate.exitValue()).as("asyncapi validate said:%n%s", output).isZero();
    }
}
