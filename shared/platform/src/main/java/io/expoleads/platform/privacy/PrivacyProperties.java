package io.expoleads.platform.privacy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of sealed personal data, for the services that hold visitor data (lead-service and
 * notification-service set {@code expo.privacy.enabled}).
 *
 * @param enabled          whether the service seals or opens personal data; it then needs the KEK
 * @param keyEncryptionKey the key-encryption key (KEK): base64 of 32 random bytes
 *                         ({@code openssl rand -base64 32}), env {@code EXPO_PRIVACY_KEY_ENCRYPTION_KEY};
 *                         no default: a service that needs it and lacks it does not start
 * @param publishKeys      whether this service issues visitor keys and publishes them on
 *                         {@code expo.visitor-keys.v1} (lead-service only)
 * @param keyCacheTtl      how long an opened visitor key stays in memory: another instance stops
 *                         using a destroyed key at most this long after the erasure (well within
 *                         its 60 s bound)
 * @param keyWait          how long a consumer waits for the key of a recent event before treating
 *                         the visitor as erased (notification-service)
 */
@ConfigurationProperties("expo.privacy")
public record PrivacyProperties(
        @DefaultValue("false") boolean enabled,
        String keyEncryptionKey,
        @DefaultValue("false") boolean publishKeys,
        @DefaultValue("30s") Duration keyCacheTtl,
        @DefaultValue("30s") Duration keyWait) {

    /** The property to set, as an operator reads it in an error. */
    public static final String KEK_PROPERTY = "expo.privacy.key-encryption-key";
    /** The same, as an environment variable. */
    public static final String KEK_ENVIRONMENT = "EXPO_PRIVACY_KEY_ENCRYPTION_KEY";
}
