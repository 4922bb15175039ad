package io.expoleads.platform.kafka;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.generator.naming.DefaultSchemaDefinitionNamingStrategy;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.ExpoKafkaProperties.TopicSettings;

/**
 * The AsyncAPI 3 document of the topic contract (docs/asyncapi.yaml), made from the code that is
 * the contract: the topic names and payload types of {@link Topics}, the envelope, the event types
 * of {@link EventTypes}, the production topic settings ({@link TopicDefaults} through
 * {@link TopicDeclarations}) and the dead-letter headers. The payloads' JSON Schemas come from the
 * records themselves (victools' jsonschema-generator), so a field added or renamed shows in the
 * document, and {@code AsyncApiDocumentTest} fails until the committed file is made again.
 */
final class AsyncApiDocument {

    /** The Kafka bindings' version (AsyncAPI's bindings repository). */
    static final String KAFKA_BINDING = "0.5.0";

    /** Per topic: its key, who writes it, and the event types it carries, in the order they happen. */
    record Channel(String topic, String key, String writers, String summary, List<String> types) {
    }

    static final List<Channel> CHANNELS = List.of(
            new Channel(Topics.EDITIONS, "editionId", "exhibitor-service",
                    "Every edition opened or changed, with its name, dates, time zone and personal-data purge date.",
                    List.of(EventTypes.EDITION_OPENED, EventTypes.EDITION_CHANGED)),
            new Channel(Topics.EXHIBITORS, "exhibitorId", "exhibitor-service",
                    "Every exhibitor change, each with the exhibitor's full public view.",
                    List.of(EventTypes.EXHIBITOR_APPLIED, EventTypes.EXHIBITOR_UPDATED, EventTypes.EXHIBITOR_SUBMITTED,
                            EventTypes.EXHIBITOR_APPROVED, EventTypes.EXHIBITOR_REJECTED, EventTypes.EXHIBITOR_WITHDRAWN)),
            new Channel(Topics.WEBHOOKS, "exhibitorId", "exhibitor-service",
                    "An exhibitor's webhook endpoints with their signing secrets. Read by notification-service only: "
                            + "grant no other consumer access to it.",
                    List.of(EventTypes.WEBHOOKS_CHANGED)),
            new Channel(Topics.ATTENDEES, "attendeeId", "lead-service",
                    "Attendees registered or updated, with what exhibitors may see of them, the personal fields sealed "
                            + "under the visitor's key; AttendeeErased (ids only), then a tombstone (a record with no value).",
                    List.of(EventTypes.ATTENDEE_REGISTERED, EventTypes.ATTENDEE_UPDATED, EventTypes.ATTENDEE_ERASED)),
            new Channel(Topics.VISITOR_KEYS, "attendeeId", "lead-service",
                    "Each visitor's data key, wrapped under the services' key-encryption key; a tombstone (a record with "
                            + "no value) when the visitor is erased. Read by notification-service only.",
                    List.of(EventTypes.VISITOR_KEY_ISSUED)),
            new Channel(Topics.SCANS, "exhibitorId", "lead-service",
                    "Accepted badge scans, written before the scanner gets its answer; answers, tags and note sealed.",
                    List.of(EventTypes.SCAN_ACCEPTED)),
            new Channel(Topics.LEADS, "exhibitorId", "lead-service",
                    "Each change of a lead with the lead's full view (the attendee as visible; answers, tags and notes "
                            + "sealed); LeadErased holds nothing personal and nothing sealed.",
                    List.of(EventTypes.LEAD_CAPTURED, EventTypes.LEAD_QUALIFIED, EventTypes.LEAD_UPDATED,
                            EventTypes.LEAD_CONTACT_WITHDRAWN, EventTypes.LEAD_ERASED)),
            new Channel(Topics.DELIVERIES, "exhibitorId", "notification-service",
                    "Each attempt of a delivery (alert email or webhook call, digest, notice to the admin).",
                    List.of(EventTypes.DELIVERY_SUCCEEDED, EventTypes.DELIVERY_FAILED, EventTypes.DELIVERY_DEAD)),
            new Channel(Topics.ERASURES, "attendeeId", "lead-service (ErasureRequested), every service holding visitor data "
                    + "(ErasureCompleted)",
                    "A visitor's erasure, requested and completed by each service; ids, times and counts only.",
                    List.of(EventTypes.ERASURE_REQUESTED, EventTypes.ERASURE_COMPLETED)));

    /** The headers a dead letter carries, besides the source record's own. */
    static final Map<String, String> DEAD_LETTER_HEADERS = deadLetterHeaders();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AsyncApiDocument() {
    }

    /** The document as YAML, as committed in docs/asyncapi.yaml. */
    static String yaml() {
        YAMLMapper yaml = YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
                .enable(YAMLWriteFeature.MINIMIZE_QUOTES).disable(YAMLWriteFeature.SPLIT_LINES).build();
        return yaml.writeValueAsString(document());
    }

    static ObjectNode document() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7, OptionPreset.PLAIN_JSON)
                .with(Option.STANDARD_FORMATS, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES, Option.DEFINITIONS_FOR_ALL_OBJECTS,
                        Option.PLAIN_DEFINITION_KEYS)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        // The envelope is one schema whatever its payload (the message pins it); maps are named by their values.
        DefaultSchemaDefinitionNamingStrategy names = new DefaultSchemaDefinitionNamingStrategy();
        config.forTypesInGeneral().withDefinitionNamingStrategy((key, context) -> {
            Class<?> type = key.getType().getErasedType();
            if (type == EventEnvelope.class) {
                return "EventEnvelope";
            }
            if (Map.class.isAssignableFrom(type)) {
                return "MapOf" + key.getType().getTypeParameters().get(1).getErasedType().getSimpleName();
            }
            return names.getDefinitionNameForKey(key, context);
        });
        SchemaGenerator generator = new SchemaGenerator(config.build());
        SchemaBuilder schemas = generator.buildMultipleSchemaDefinitions();
        ObjectNode envelope = schemas.createSchemaReference(EventEnvelope.class, Object.class);

        ObjectNode document = JSON.createObjectNode();
        document.put("asyncapi", "3.0.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "Expo Leads topic contract");
        info.put("version", "1.0.0");
        info.put("description", "Every event on every expo.* topic, in the one JSON envelope (EventEnvelope). Generated "
                + "from shared/events and the topic settings of shared/platform by AsyncApiDocumentTest; do not edit by "
                + "hand. Evolution rules: the README's \"The topic contract\".");
        document.put("defaultContentType", "application/json");

        ObjectNode channels = document.putObject("channels");
        ObjectNode operations = document.putObject("operations");
        ObjectNode components = JSON.createObjectNode();
        ObjectNode messages = components.putObject("messages");
        TopicDeclarations declarations = new TopicDeclarations(new ExpoKafkaProperties(Map.of(), true, 4, Duration.ofMillis(500), Duration.ofSeconds(15)),
                Map::of);
        for (Channel channel : CHANNELS) {
            String name = channelName(channel.topic());
            ObjectNode node = channels.putObject(name);
            node.put("address", channel.topic());
            node.put("description", channel.summary() + " Key: " + channel.key() + ". Written by " + channel.writers() + ".");
            ObjectNode refs = node.putObject("messages");
            for (String type : channel.types()) {
                refs.putObject(type).put("$ref", "#/components/messages/" + type);
                if (!messages.has(type)) {
                    messages.set(type, message(type, channel, schemas));
                }
            }
            node.putObject("bindings").set("kafka", topicBinding(channel.topic(), declarations));
            operations.set("receive" + capitalized(name), operation(name, channel));

            String deadLetters = name + "DeadLetters";
            ObjectNode dlt = channels.putObject(deadLetters);
            dlt.put("address", Topics.deadLetter(channel.topic()));
            dlt.put("description", "Records of " + channel.topic() + " that could not be processed, parked with the "
                    + "reason in their headers; one per source record within a service.");
            dlt.putObject("messages").putObject("DeadLetter").put("$ref", "#/components/messages/DeadLetter");
            dlt.putObject("bindings").set("kafka", topicBinding(Topics.deadLetter(channel.topic()), declarations));
        }
        messages.set("DeadLetter", deadLetter());
        ObjectNode collected = schemas.collectDefinitions("components/schemas");
        String envelopeRef = envelope.get("$ref").asString();
        envelopeRequired(collected.get(envelopeRef.substring(envelopeRef.lastIndexOf('/') + 1)));
        components.set("schemas", collected);
        document.set("components", components);
        return document;
    }

    private static ObjectNode message(String type, Channel channel, SchemaBuilder schemas) {
        // References are filled in when the definitions are collected: each place gets its own.
        ObjectNode message = JSON.createObjectNode();
        message.put("name", type);
        message.put("title", type + " on " + channel.topic());
        ObjectNode payload = message.putObject("payload");
        ArrayNode allOf = payload.putArray("allOf");
        allOf.add(schemas.createSchemaReference(EventEnvelope.class, Object.class));
        ObjectNode specific = allOf.addObject();
        specific.put("type", "object");
        ObjectNode properties = specific.putObject("properties");
        properties.putObject("type").put("const", type);
        properties.putObject("version").put("const", 1);
        properties.set("payload", schemas.createSchemaReference(Topics.payloadType(channel.topic())));
        ObjectNode key = message.putObject("bindings").putObject("kafka");
        key.putObject("key").put("type", "string").put("description", "the " + channel.key());
        key.put("bindingVersion", KAFKA_BINDING);
        return message;
    }

    private static ObjectNode operation(String channelName, Channel channel) {
        ObjectNode operation = JSON.createObjectNode();
        operation.put("action", "receive");
        operation.put("summary", "What a consumer of " + channel.topic() + " reads: " + String.join(", ", channel.types()) + ".");
        operation.putObject("channel").put("$ref", "#/channels/" + channelName);
        ArrayNode messages = operation.putArray("messages");
        for (String type : channel.types()) {
            messages.addObject().put("$ref", "#/channels/" + channelName + "/messages/" + type);
        }
        return operation;
    }

    /** The production settings of a topic: partitions, replicas and how long records are kept. */
    private static ObjectNode topicBinding(String topic, TopicDeclarations declarations) {
        TopicSettings settings = declarations.configured(topic);
        ObjectNode binding = JSON.createObjectNode();
        binding.put("topic", topic);
        binding.put("partitions", settings.partitions());
        binding.put("replicas", (int) settings.replicas());
        ObjectNode config = binding.putObject("topicConfiguration");
        if (Topics.isCompacted(topic)) {
            config.putArray(TopicConfig.CLEANUP_POLICY_CONFIG).add(TopicConfig.CLEANUP_POLICY_COMPACT);
            String deleteRetention = Topics.compactionSettings(topic).get(TopicConfig.DELETE_RETENTION_MS_CONFIG);
            if (deleteRetention != null) {
                config.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.parseLong(deleteRetention));
            }
        } else {
            config.putArray(TopicConfig.CLEANUP_POLICY_CONFIG).add(TopicConfig.CLEANUP_POLICY_DELETE);
            config.put(TopicConfig.RETENTION_MS_CONFIG, settings.retention().toMillis());
        }
        binding.put("bindingVersion", KAFKA_BINDING);
        return binding;
    }

    private static ObjectNode deadLetter() {
        ObjectNode message = JSON.createObjectNode();
        message.put("name", "DeadLetter");
        message.put("title", "A record that could not be processed");
        message.put("summary", "The source record's key and value as they were (possibly unreadable), with why in the headers.");
        ObjectNode headers = message.putObject("headers");
        headers.put("type", "object");
        ObjectNode properties = headers.putObject("properties");
        DEAD_LETTER_HEADERS.forEach((name, description) -> properties.putObject(name).put("description", description));
        headers.putArray("required").add(ExpoKafkaAutoConfiguration.DEAD_LETTER_REASON).add(DeadLetters.FAILED_BY_GROUPS)
                .add(KafkaHeaders.DLT_ORIGINAL_TOPIC).add(KafkaHeaders.DLT_ORIGINAL_PARTITION)
                .add(KafkaHeaders.DLT_ORIGINAL_OFFSET);
        message.putObject("payload").put("description", "the source record's value, byte for byte");
        return message;
    }

    private static Map<String, String> deadLetterHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ExpoKafkaAutoConfiguration.DEAD_LETTER_REASON, "why the record was parked (UTF-8 text)");
        headers.put(DeadLetters.FAILED_BY_GROUPS, "the consumer groups of the service that failed it, comma-separated "
                + "(every listener group of the service on that topic when the record could not be read)");
        List<String> spring = new ArrayList<>();
        for (Field field : KafkaHeaders.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith("DLT_")) {
                try {
                    spring.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        spring.stream().filter(name -> !name.contains("key-exception")).sorted()
                .forEach(name -> headers.put(name, "set by Spring Kafka's DeadLetterPublishingRecoverer"));
        return headers;
    }

    private static void envelopeRequired(JsonNode envelope) {
        ArrayNode required = ((ObjectNode) envelope).putArray("required");
        envelope.get("properties").propertyNames().forEach(required::add);
    }

    private static String channelName(String topic) {
        String[] parts = topic.substring("expo.".length(), topic.lastIndexOf('.')).split("-");
        StringBuilder name = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            name.append(capitalized(parts[i]));
        }
        return name.toString();
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
