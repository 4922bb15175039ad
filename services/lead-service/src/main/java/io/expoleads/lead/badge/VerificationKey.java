package io.expoleads.lead.badge;

import java.time.Instant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;

/** The public half of a badge key, as scanners get it in the JWK Set, with its ready verifier. */
record VerificationKey(String keyId, String editionId, long generation, Instant createdAt, OctetKeyPair jwk,
                       JWSVerifier verifier) {

    static VerificationKey of(String keyId, String editionId, long generation, Instant createdAt, Base64URL publicKey) {
        OctetKeyPair jwk = new OctetKeyPair.Builder(Curve.Ed25519, publicKey).keyID(keyId).keyUse(KeyUse.SIGNATURE)
                .algorithm(BadgeToken.ALGORITHM).build();
        try {
            return new VerificationKey(keyId, editionId, generation, createdAt, jwk, new Ed25519Verifier(jwk));
        } catch (JOSEException e) {
            throw new IllegalStateException("badge key " + keyId + " is not an Ed25519 public key", e);
        }
    }

    static VerificationKey of(StoredKey stored) {
        return of(stored.id(), stored.editionId(), stored.generation(), stored.createdAt(), new Base64URL(stored.publicKey()));
    }
}
