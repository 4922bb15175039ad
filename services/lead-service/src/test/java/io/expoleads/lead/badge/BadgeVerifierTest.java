package io.expoleads.lead.badge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.util.Base64URL;
import io.expoleads.lead.badge.BadgeRejectedException.Reason;
import io.expoleads.platform.security.Sha256Key;
import org.junit.jupiter.api.Test;

/** The badge token and the order of its checks, on keys held in memory. */
class BadgeVerifierTest {

    private static final String CASA = "edition-casa-2026";
    private static final String RABAT = "edition-rabat-2026";
    private static final String YOUSSEF = "attendee-youssef";

    private final OctetKeyPair casaKey = generate("casaKey00001");
    private final OctetKeyPair casaFormerKey = generate("casaKey00000");
    private final OctetKeyPair rabatKey = generate("rabatKey0001");
    private final OctetKeyPair stranger = generate("casaKey00001");
    private final Map<String, VerificationKey> keys = new HashMap<>();
    private final Map<String, Long> currentNumbers = new HashMap<>();
    private final AtomicInteger signatureChecks = new AtomicInteger();
    private final Cache<Sha256Key, Base64URL> signedPayloads = Caffeine.newBuilder().maximumSize(100).build();
    private final BadgeVerifier verifier = new BadgeVerifier(keyId -> Optional.ofNullable(keys.get(keyId)),
            attendee -> currentNumbers.getOrDefault(attendee, 1L), signedPayloads);

    BadgeVerifierTest() {
        known(casaKey, CASA);
        known(casaFormerKey, CASA);
        known(rabatKey, RABAT);
    }

    @Test
    void a_signed_badge_verifies_and_names_its_edition_attendee_key_and_number() throws ParseException {
        String payload = sign(casaKey, CASA, YOUSSEF, 1);

        assertThat(verifier.verify(payload, CASA)).isEqualTo(new VerifiedBadge(CASA, YOUSSEF, "casaKey00001", 1));
        assertThat(payload.split("\\.")).hasSize(3);
        assertThat(payload.length()).as("compact enough for a small QR code").isLessThan(300);
        assertThat(sign(casaKey, CASA, YOUSSEF, 1)).as("Ed25519 is deterministic: a reissue is the same badge")
                .isEqualTo(payload);
        assertThat(verifier.verify(sign(casaFormerKey, CASA, YOUSSEF, 1), CASA).keyId())
                .as("a former key of the edition still verifies").isEqualTo("casaKey00000");
        assertThat(JWSObject.parse(payload).getPayload().toJSONObject()).isEqualTo(Map.of("e", CASA, "a", YOUSSEF, "n", 1L));
        assertThat(JWSObject.parse(payload).getHeader().toJSONObject()).isEqualTo(Map.of("alg", "EdDSA", "kid", "casaKey00001"));
    }

    @Test
    void garbage_is_malformed() {
        String valid = sign(casaKey, CASA, YOUSSEF, 1);
        List<String> garbage = List.of("", "   ", "hello", "a.b.c", "a.b", "...", "attendee-youssef",
                "eyJhbGciOiJFZERTQSJ9", valid + ".extra.parts", valid.replace('.', '!'),
                b64("{\"alg\":\"EdDSA\",\"kid\":\"casaKey00001\"}") + "." + b64("[1,2,3]") + "." + valid.split("\\.")[2],
                b64("not json") + "." + valid.split("\\.")[1] + "." + valid.split("\\.")[2]);
        for (String payload : garbage) {
            assertRejected(payload, CASA, Reason.MALFORMED);
        }
        assertRejected(null, CASA, Reason.MALFORMED);
    }

    @Test
    void a_payload_over_one_kilobyte_is_malformed_before_anything_else() {
        String huge = sign(casaKey, CASA, "a".repeat(900), 1);
        assertThat(huge.length()).isGreaterThan(BadgeToken.MAX_LENGTH);
        assertRejected(huge, CASA, Reason.MALFORMED);
    }

    @Test
    void claims_that_are_missing_or_of_the_wrong_type_are_malformed_even_when_signed() {
        List<Map<String, Object>> incomplete = List.of(
                Map.of("a", YOUSSEF, "n", 1),
                Map.of("e", CASA, "n", 1),
                Map.of("e", CASA, "a", YOUSSEF),
                Map.of("e", CASA, "a", YOUSSEF, "n", "1"),
                Map.of("e", CASA, "a", YOUSSEF, "n", 0),
                Map.of("e", CASA, "a", YOUSSEF, "n", 1.5),
                Map.of("e", 7, "a", YOUSSEF, "n", 1),
                Map.of("e", CASA, "a", "", "n", 1));
        for (Map<String, Object> claims : incomplete) {
            assertRejected(jws(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("casaKey00001").build(), claims,
                    ed25519(casaKey)), CASA, Reason.MALFORMED);
        }
        assertRejected(jws(new JWSHeader.Builder(JWSAlgorithm.EdDSA).build(), claims(CASA, YOUSSEF, 1), ed25519(casaKey)),
                CASA, Reason.MALFORMED);
        assertRejected(jws(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("casaKey00001")
                        .criticalParams(Set.of("exp")).customParam("exp", 1).build(), claims(CASA, YOUSSEF, 1),
                ed25519(casaKey)), CASA, Reason.MALFORMED);
    }

    @Test
    void changed_claims_break_the_signature() {
        String[] parts = sign(casaKey, CASA, YOUSSEF, 1).split("\\.");
        String renumbered = parts[0] + "." + b64("{\"e\":\"" + CASA + "\",\"a\":\"" + YOUSSEF + "\",\"n\":2}") + "." + parts[2];
        String otherAttendee = parts[0] + "." + b64("{\"e\":\"" + CASA + "\",\"a\":\"attendee-nadia\",\"n\":1}") + "." + parts[2];
        byte[] signature = Base64URL.from(parts[2]).decode();
        signature[10] ^= 1;
        String flippedBit = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
        String truncated = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 40);
        for (String payload : List.of(renumbered, otherAttendee, flippedBit, truncated)) {
            assertRejected(payload, CASA, Reason.BAD_SIGNATURE);
        }
        assertRejected(parts[0] + "." + parts[1] + ".", CASA, Reason.MALFORMED);
    }

    @Test
    void a_signature_by_another_key_under_a_known_key_id_is_forged() {
        assertRejected(sign(stranger, CASA, YOUSSEF, 1), CASA, Reason.BAD_SIGNATURE);
        String byFormer = jws(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("casaKey00001").build(),
                claims(CASA, YOUSSEF, 1), ed25519(casaFormerKey));
        assertRejected(byFormer, CASA, Reason.BAD_SIGNATURE);
    }

    @Test
    void a_key_id_that_is_not_the_claimed_editions_is_unknown() {
        assertRejected(sign(generate("nobodysKey01"), CASA, YOUSSEF, 1), CASA, Reason.UNKNOWN_KEY);
        String rabatKeyClaimingCasa = jws(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("rabatKey0001").build(),
                claims(CASA, YOUSSEF, 1), ed25519(rabatKey));
        assertRejected(rabatKeyClaimingCasa, CASA, Reason.UNKNOWN_KEY);
    }

    @Test
    void a_genuine_badge_of_another_edition_is_the_wrong_edition() {
        String rabatBadge = sign(rabatKey, RABAT, YOUSSEF, 1);
        assertThat(verifier.verify(rabatBadge, RABAT).editionId()).isEqualTo(RABAT);
        BadgeRejectedException refused = assertRejected(rabatBadge, CASA, Reason.WRONG_EDITION);
        assertThat(refused.getMessage()).contains(RABAT).contains(CASA);
        assertRejected(sign(casaKey, CASA, YOUSSEF, 1), null, Reason.WRONG_EDITION);
    }

    @Test
    void alg_none_and_algorithm_confusion_are_malformed() {
        String claims = b64("{\"e\":\"" + CASA + "\",\"a\":\"" + YOUSSEF + "\",\"n\":1}");
        assertRejected(b64("{\"alg\":\"none\",\"kid\":\"casaKey00001\"}") + "." + claims + ".", CASA, Reason.MALFORMED);
        assertRejected(b64("{\"alg\":\"none\"}") + "." + claims + ".", CASA, Reason.MALFORMED);

        // HS256 keyed with the edition's public key, which anyone may fetch: the classic confusion.
        String hs256 = jws(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("casaKey00001").build(), claims(CASA, YOUSSEF, 1),
                mac(casaKey.getX().decode()));
        assertRejected(hs256, CASA, Reason.MALFORMED);
        String hs256OverJwk = jws(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("casaKey00001").build(),
                claims(CASA, YOUSSEF, 1), mac(casaKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        assertRejected(hs256OverJwk, CASA, Reason.MALFORMED);

        String es256 = jws(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("casaKey00001").build(), claims(CASA, YOUSSEF, 1),
                ecdsa());
        assertRejected(es256, CASA, Reason.MALFORMED);
    }

    @Test
    void a_badge_below_the_attendees_current_number_is_revoked() {
        String first = sign(casaKey, CASA, YOUSSEF, 1);
        String second = sign(casaKey, CASA, YOUSSEF, 2);
        currentNumbers.put(YOUSSEF, 2L);

        BadgeRejectedException refused = assertRejected(first, CASA, Reason.REVOKED);
        assertThat(refused.getMessage()).contains("number 1").contains("number 2");
        assertThat(verifier.verify(second, CASA).badgeNumber()).isEqualTo(2);
        assertThat(verifier.verify(sign(casaKey, CASA, "attendee-nadia", 1), CASA).badgeNumber())
                .as("another attendee's revocation is not this one's").isEqualTo(1);
    }

    @Test
    void the_checks_run_in_order_key_signature_edition_number() {
        currentNumbers.put(YOUSSEF, 5L);
        assertRejected(sign(generate("nobodysKey01"), RABAT, YOUSSEF, 1), CASA, Reason.UNKNOWN_KEY);
        String[] parts = sign(rabatKey, RABAT, YOUSSEF, 1).split("\\.");
        String tamperedRabat = parts[0] + "." + b64("{\"e\":\"" + RABAT + "\",\"a\":\"" + YOUSSEF + "\",\"n\":9}") + "." + parts[2];
        assertRejected(tamperedRabat, CASA, Reason.BAD_SIGNATURE);
        assertRejected(sign(rabatKey, RABAT, YOUSSEF, 1), CASA, Reason.WRONG_EDITION);
        assertRejected(sign(casaKey, CASA, YOUSSEF, 1), CASA, Reason.REVOKED);
    }

    @Test
    void a_badge_scanned_again_at_another_booth_skips_the_signature_check_and_is_remembered_by_digest_only() {
        String payload = sign(casaKey, CASA, YOUSSEF, 1);
        VerifiedBadge first = verifier.verify(payload, CASA);
        assertThat(signatureChecks).hasValue(1);

        assertThat(verifier.verify(payload, CASA)).isEqualTo(first);
        assertThat(verifier.verify("  " + payload + "\n", CASA)).as("as read by another scanner").isEqualTo(first);
        assertThat(signatureChecks).as("the second and third scans").hasValue(1);
        assertThat(signedPayloads.asMap()).containsOnlyKeys(Sha256Key.of(payload));
        assertThat(signedPayloads.asMap().toString()).doesNotContain(YOUSSEF).doesNotContain(payload.split("\\.")[1]);

        verifier.verify(sign(casaKey, CASA, "attendee-nadia", 1), CASA);
        assertThat(signatureChecks).as("another visitor's badge is checked").hasValue(2);
    }

    @Test
    void a_badge_revoked_after_its_signature_was_remembered_is_refused() {
        String first = sign(casaKey, CASA, YOUSSEF, 1);
        verifier.verify(first, CASA);
        currentNumbers.put(YOUSSEF, 2L);

        assertRejected(first, CASA, Reason.REVOKED);
        assertThat(verifier.verify(sign(casaKey, CASA, YOUSSEF, 2), CASA).badgeNumber()).isEqualTo(2);
    }

    @Test
    void a_badge_whose_key_left_its_edition_after_its_signature_was_remembered_is_refused() {
        String payload = sign(casaKey, CASA, YOUSSEF, 1);
        verifier.verify(payload, CASA);

        VerificationKey casa = keys.remove("casaKey00001");
        assertRejected(payload, CASA, Reason.UNKNOWN_KEY);

        keys.put("casaKey00001", VerificationKey.of("casaKey00001", RABAT, 1, Instant.now(), casaKey.getX()));
        assertRejected(payload, CASA, Reason.UNKNOWN_KEY);

        keys.put("casaKey00001", casa);
        assertThat(verifier.verify(payload, CASA).keyId()).isEqualTo("casaKey00001");
    }

    @Test
    void a_remembered_signature_counts_only_for_the_public_key_that_checked_it() {
        String payload = sign(casaKey, CASA, YOUSSEF, 1);
        verifier.verify(payload, CASA);

        // The same key id now standing for another key (never done here: key ids are random and keys never change).
        known(stranger, CASA);
        assertRejected(payload, CASA, Reason.BAD_SIGNATURE);
        assertThat(signatureChecks).hasValue(2);
    }

    @Test
    void forged_and_altered_payloads_are_checked_every_time_and_never_remembered() {
        String genuine = sign(casaKey, CASA, YOUSSEF, 1);
        verifier.verify(genuine, CASA);
        String[] parts = genuine.split("\\.");
        String renumbered = parts[0] + "." + b64("{\"e\":\"" + CASA + "\",\"a\":\"" + YOUSSEF + "\",\"n\":2}") + "." + parts[2];
        String byStranger = sign(stranger, CASA, YOUSSEF, 1);

        for (int scan = 0; scan < 2; scan++) {
            assertRejected(renumbered, CASA, Reason.BAD_SIGNATURE);
            assertRejected(byStranger, CASA, Reason.BAD_SIGNATURE);
        }
        assertThat(signatureChecks).as("the genuine badge once, each forgery at each scan").hasValue(5);
        assertThat(signedPayloads.asMap()).containsOnlyKeys(Sha256Key.of(genuine));
    }

    @Test
    void a_remembered_badge_of_another_edition_is_still_the_wrong_edition() {
        String rabatBadge = sign(rabatKey, RABAT, YOUSSEF, 1);
        verifier.verify(rabatBadge, RABAT);

        assertRejected(rabatBadge, CASA, Reason.WRONG_EDITION);
        assertThat(signatureChecks).hasValue(1);
    }

    private BadgeRejectedException assertRejected(String payload, String expectedEdition, Reason reason) {
        Throwable thrown = catchThrowable(() -> verifier.verify(payload, expectedEdition));
        assertThat(thrown).as("payload %s", payload).isInstanceOf(BadgeRejectedException.class);
        BadgeRejectedException refused = (BadgeRejectedException) thrown;
        assertThat(refused.reason()).as("payload %s: %s", payload, refused.getMessage()).isEqualTo(reason);
        assertThat(refused.getMessage()).isNotBlank();
        return refused;
    }

    private void known(OctetKeyPair pair, String edition) {
        VerificationKey key = VerificationKey.of(pair.getKeyID(), edition, 1, Instant.now(), pair.getX());
        keys.put(pair.getKeyID(), new VerificationKey(key.keyId(), key.editionId(), key.generation(), key.createdAt(),
                key.jwk(), counted(key.verifier())));
    }

    /** The key's own verifier, counting the signature checks it makes. */
    private JWSVerifier counted(JWSVerifier verifier) {
        return new JWSVerifier() {
            @Override
            public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
                signatureChecks.incrementAndGet();
                return verifier.verify(header, signingInput, signature);
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return verifier.supportedJWSAlgorithms();
            }

            @Override
            public JCAContext getJCAContext() {
                return verifier.getJCAContext();
            }
        };
    }

    private static String sign(OctetKeyPair pair, String edition, String attendee, long number) {
        return SigningKey.of(pair.getKeyID(), edition, pair).sign(new BadgeClaims(edition, attendee, number));
    }

    private static Map<String, Object> claims(String edition, String attendee, long number) {
        return Map.of("e", edition, "a", attendee, "n", number);
    }

    private static String jws(JWSHeader header, Map<String, Object> claims, JWSSigner signer) {
        JWSObject jws = new JWSObject(header, new Payload(claims));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    private static JWSSigner ed25519(OctetKeyPair pair) {
        try {
            return new Ed25519Signer(pair);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner mac(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner ecdsa() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OctetKeyPair generate(String keyId) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
