package io.expoleads.lead.badge;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import io.expoleads.lead.badge.BadgeRejectedException.Reason;

/**
 * The badge QR payload: a compact JWS (RFC 7515), alg {@code EdDSA} (Ed25519), the signing key's
 * id in {@code kid}, and short claims {@code {"e": editionId, "a": attendeeId, "n": badgeNumber}}.
 * Ed25519 signatures are deterministic, so the same claims and key always give the same payload.
 */
final class BadgeToken {

    /** Real badges are about 270 characters; anything past this is refused before parsing. */
    static final int MAX_LENGTH = 1024;
    static final JWSAlgorithm ALGORITHM = JWSAlgorithm.EdDSA;

    private static final String EDITION = "e";
    private static final String ATTENDEE = "a";
    private static final String NUMBER = "n";

    private BadgeToken() {
    }

    static String sign(BadgeClaims claims, String keyId, JWSSigner signer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(EDITION, claims.editionId());
        body.put(ATTENDEE, claims.attendeeId());
        body.put(NUMBER, claims.badgeNumber());
        JWSObject jws = new JWSObject(new JWSHeader.Builder(ALGORITHM).keyID(keyId).build(), new Payload(body));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
        return jws.serialize();
    }

    /** Reads a payload without trusting it yet: the shape is checked, the signature is not. */
    static Unverified parse(String payload) {
        if (payload == null || payload.isBlank()) {
            throw malformed("The badge is empty");
        }
        if (payload.length() > MAX_LENGTH) {
            throw malformed("The badge is longer than " + MAX_LENGTH + " characters");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(payload.strip());
        } catch (ParseException | RuntimeException e) {
            throw malformed("The badge is not a signed badge token");
        }
        JWSHeader header = jws.getHeader();
        if (!ALGORITHM.equals(header.getAlgorithm())) {
            throw malformed("The badge is signed with " + header.getAlgorithm() + ", not " + ALGORITHM);
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw malformed("The badge has critical header parameters, which badges never use");
        }
        String keyId = header.getKeyID();
        if (keyId == null || keyId.isBlank()) {
            throw malformed("The badge names no signing key");
        }
        Map<String, Object> body = jws.getPayload().toJSONObject();
        if (body == null) {
            throw malformed("The badge's claims are not a JSON object");
        }
        String editionId = text(body, EDITION);
        String attendeeId = text(body, ATTENDEE);
        if (!(body.get(NUMBER) instanceof Long number) || number < 1) {
            throw malformed("The badge has no valid badge number");
        }
        return new Unverified(jws, keyId, new BadgeClaims(editionId, attendeeId, number));
    }

    private static String text(Map<String, Object> body, String claim) {
        if (body.get(claim) instanceof String value && !value.isBlank()) {
            return value;
        }
        throw malformed("The badge has no valid " + (EDITION.equals(claim) ? "edition" : "attendee"));
    }

    private static BadgeRejectedException malformed(String message) {
        return new BadgeRejectedException(Reason.MALFORMED, message);
    }

    /** A payload of the right shape whose signature is still to be checked. */
    record Unverified(JWSObject jws, String keyId, BadgeClaims claims) {

        /** Whether the signature is the given key's over exactly these header and claims. */
        boolean signedBy(JWSVerifier verifier) {
            try {
                return jws.verify(verifier);
            } catch (JOSEException | RuntimeException e) {
                return false;
            }
        }
    }
}
