package io.expoleads.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

/**
 * Our signatures against the specification's published test vector and against the reference
 * Java library ({@code com.standardwebhooks:standardwebhooks}), which is what an exhibitor's
 * receiver would use to check them.
 */
class StandardWebhooksTest {

    // The specification's test vector, as the reference libraries test it.
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long VECTOR_TIMESTAMP = 1614265330L;
    private static final String VECTOR_BODY = "{\"test\": 2432232314}";
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String OLD_SECRET = "whsec_J/hg5+GY47NPmsBnIExl91VbRI+iKkTc";
    private static final String NEW_SECRET = "whsec_cFhxkmjspWqIQ+NGBpRi4BUS2i5wUAumtq1hN2MYe2w=";

    @Test
    void the_published_test_vector_is_reproduced_exactly() {
        assertThat(StandardWebhooks.signature(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, List.of(VECTOR_SECRET)))
                .isEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void the_reference_library_signs_the_vector_the_same_way() throws Exception {
        assertThat(new Webhook(VECTOR_SECRET).sign(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY)).isEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void a_secret_without_the_whsec_prefix_is_the_base64_of_the_key_too() {
        String unprefixed = VECTOR_SECRET.substring("whsec_".length());
        assertThat(StandardWebhooks.signature(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, List.of(unprefixed)))
                .isEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void the_reference_library_verifies_a_fresh_signature_over_a_non_ascii_body() {
        String body = "{\"lead\":\"Zoë Ångström\",\"note\":\"très chaud 🔥\"}";
        long now = Instant.now().getEpochSecond();
        String signature = StandardWebhooks.signature("msg_1", now, body, List.of(NEW_SECRET));

        assertThatCode(() -> new Webhook(NEW_SECRET).verify(body, headers("msg_1", now, signature))).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Webhook(NEW_SECRET).verify(body.replace("Zoë", "Zoe"), headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void two_secrets_give_two_signatures_in_order_each_verifiable_with_its_own_secret_alone() throws Exception {
        long now = Instant.now().getEpochSecond();
        String signature = StandardWebhooks.signature("msg_2", now, VECTOR_BODY, List.of(NEW_SECRET, OLD_SECRET));

        assertThat(signature.split(" ")).containsExactly(
                new Webhook(NEW_SECRET).sign("msg_2", now, VECTOR_BODY),
                new Webhook(OLD_SECRET).sign("msg_2", now, VECTOR_BODY));
        for (String secret : List.of(NEW_SECRET, OLD_SECRET)) {
            assertThatCode(() -> new Webhook(secret).verify(VECTOR_BODY, headers("msg_2", now, signature)))
                    .doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> new Webhook(VECTOR_SECRET).verify(VECTOR_BODY, headers("msg_2", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void missing_empty_or_malformed_secrets_are_refused_without_naming_them() {
        assertThatThrownBy(() -> StandardWebhooks.signature("msg_3", 1L, "{}", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StandardWebhooks.signature("msg_3", 1L, "{}", List.of("whsec_")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StandardWebhooks.signature("msg_3", 1L, "{}", List.of("whsec_not*base64!")))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("not*base64!");
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
