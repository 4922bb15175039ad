package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.expoleads.events.Topics;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookIT extends ExhibitorServiceIT {

    @Test
    void a_webhook_gets_a_secret_shown_once_and_a_rotation_keeps_the_former_one_for_a_while() {
        Onboarding.Applicant atlas = onboarding.approved(onboarding.edition(List.of()), "fr");
        String webhooks = "/api/exhibitors/" + atlas.id() + "/webhooks";

        HttpJson.Answer added = atlas.admin().post(webhooks, "{\"url\":\"https://93.184.216.34/crm/leads\"}");
        assertThat(added.status()).isEqualTo(201);
        String secret = added.field("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);
        String webhookId = added.field("webhookId");

        HttpJson.Answer listed = atlas.admin().get(webhooks);
        assertThat(listed.text()).doesNotContain(secret.substring(6));
        assertThat(listed.json().get(0).get("validSecrets").asInt()).isEqualTo(1);

        HttpJson.Answer rotated = atlas.admin().post(webhooks + "/" + webhookId + "/rotate-secret", null);
        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.field("secret");
        assertThat(newSecret).isNotEqualTo(secret);
        Instant until = Instant.parse(rotated.field("previousSecretValidUntil"));
        assertThat(until).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        assertThat(atlas.admin().get(webhooks).json().get(0).get("validSecrets").asInt()).isEqualTo(2);

        try (TopicReader topics = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.WEBHOOKS, Topics.EXHIBITORS)) {
            JsonNode endpoints = json.readTree(topics.await(record -> record.topic().equals(Topics.WEBHOOKS)
                    && atlas.id().equals(record.key()) && record.value().contains(newSecret), Duration.ofSeconds(30)).value());
            JsonNode secrets = endpoints.get("payload").get("endpoints").get(0).get("secrets");
            assertThat(secrets.findValuesAsString("value")).containsExactly(newSecret, secret);
            assertThat(topics.all(record -> record.topic().equals(Topics.EXHIBITORS) && atlas.id().equals(record.key())))
                    .as("secrets never travel in the exhibitor's public view")
                    .allSatisfy(record -> assertThat(record.value()).doesNotContain(secret.substring(6)));
        }

        assertThat(atlas.admin().delete(webhooks + "/" + webhookId).json()).isEmpty();
        assertThat(atlas.admin().post(webhooks + "/" + webhookId + "/rotate-secret", null).status()).isEqualTo(404);
    }

    @Test
    void a_url_inside_the_operators_network_is_refused_when_configured() {
        Onboarding.Applicant atlas = onboarding.approved(onboarding.edition(List.of()), "fr");
        String webhooks = "/api/exhibitors/" + atlas.id() + "/webhooks";
        for (String url : List.of("https://127.0.0.1/hook", "https://10.0.0.8/hook", "https://192.168.0.2/hook",
                "https://169.254.169.254/latest/meta-data", "https://[fd00::1]/hook", "http://93.184.216.34/hook")) {
            HttpJson.Answer refused = atlas.admin().post(webhooks, HttpJson.json(java.util.Map.of("url", url)));
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("url");
        }
        assertThat(atlas.admin().get(webhooks).json()).isEmpty();
    }
}
