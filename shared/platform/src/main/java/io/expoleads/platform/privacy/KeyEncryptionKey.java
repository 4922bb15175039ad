package io.expoleads.platform.privacy;

import java.security.GeneralSecurityException;
import java.util.Base64;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;

/**
 * The key-encryption key (KEK) that wraps every visitor key, from its base64 configuration value:
 * AES-256-GCM through Tink. Only the services hold it, so a topic or database dump of the wrapped
 * keys reveals nothing.
 */
public final class KeyEncryptionKey {

    private static final int KEY_BYTES = 32;

    private KeyEncryptionKey() {
    }

    /**
     * @throws IllegalStateException naming the property when the value is missing or not base64 of
     *                               32 bytes, so the service refuses to start with a clear message
     */
    public static Aead parse(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException(PrivacyProperties.KEK_PROPERTY + " (env " + PrivacyProperties.KEK_ENVIRONMENT
                    + ") is required: this service seals visitors' personal data. Make one with `openssl rand -base64 32`"
                    + " and give every service holding visitor data the same one.");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(PrivacyProperties.KEK_PROPERTY + " is not base64 (make one with `openssl rand -base64 32`)");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException(PrivacyProperties.KEK_PROPERTY + " must be base64 of 32 bytes, not "
                    + bytes.length + " (make one with `openssl rand -base64 32`)");
        }
        try {
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(KEY_BYTES).setIvSizeBytes(12).setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
            return AesGcmJce.create(AesGcmKey.builder().setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(bytes, InsecureSecretKeyAccess.get())).build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use " + PrivacyProperties.KEK_PROPERTY + ": " + e.getMessage(), e);
        }
    }
}
