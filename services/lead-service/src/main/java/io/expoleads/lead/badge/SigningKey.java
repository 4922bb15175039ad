package io.expoleads.lead.badge;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;

/** The edition's current badge key, able to sign; it never leaves the service. */
record SigningKey(String keyId, String editionId, JWSSigner signer) {

    static SigningKey of(String keyId, String editionId, OctetKeyPair privateKey) {
        try {
            return new SigningKey(keyId, editionId, new Ed25519Signer(privateKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("badge key " + keyId + " is not an Ed25519 private key", e);
        }
    }

    static SigningKey of(StoredKey stored) {
        OctetKeyPair pair = new OctetKeyPair.Builder(Curve.Ed25519, new Base64URL(stored.publicKey()))
                .d(new Base64URL(stored.privateKey())).keyID(stored.id()).build();
        return of(stored.id(), stored.editionId(), pair);
    }

    String sign(BadgeClaims claims) {
        return BadgeToken.sign(claims, keyId, signer);
    }

    @Override
    public String toString() {
        return "SigningKey[keyId=" + keyId + ", editionId=" + editionId + "]";
    }
}
