package io.expoleads.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/), so that an exhibitor's receiver
 * can check our deliveries with any of the specification's libraries instead of code of its own.
 * During a secret rotation a delivery carries one signature per valid secret: a receiver still
 * holding the former secret and one already holding the new secret both accept it.
 */
public final class StandardWebhooks {

    /** The prefix exhibitor-service gives its secrets; the rest is the base64 of the key. */
    static final String SECRET_PREFIX = "whsec_";

    private static final String HMAC_SHA256 = "HmacSHA256";

    private StandardWebhooks() {
    }

    /**
     * @param secrets each {@code whsec_} followed by the base64 of the key bytes; a secret without
     *                the prefix is read as the base64 of the key as well
     * @return {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>} for every secret, space separated,
     * in the order given
     * @throws IllegalArgumentException when there is no secret, or one is not base64 or is empty
     */
    public static String signature(String messageId, long timestampSeconds, String body, List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook needs at least one signing secret");
        }
        byte[] signed = (messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        StringJoiner signatures = new StringJoiner(" ");
        for (String secret : secrets) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(key(secret), signed)));
        }
        return signatures.toString();
    }

    private static byte[] key(String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("a signing secret is missing");
        }
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // The message names neither the secret nor a part of it.
            throw new IllegalArgumentException("a signing secret is not base64 after its whsec_ prefix");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("a signing secret is empty");
        }
        return key;
    }

    private static byte[] hmac(byte[] key, byte[] signed) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            return mac.doFinal(signed);
        } catch (GeneralSecurityException e) {
            // Every Java runtime provides HmacSHA256, and any non-empty key suits it.
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
