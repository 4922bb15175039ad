package io.expoleads.platform.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A text's SHA-256 digest as four longs: the key under which a cache remembers what it checked of
 * a credential (an access token, a badge), so the credential itself is never held as a key.
 */
public record Sha256Key(long first, long second, long third, long fourth) {

    public static Sha256Key of(String text) {
        try {
            ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            return new Sha256Key(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
