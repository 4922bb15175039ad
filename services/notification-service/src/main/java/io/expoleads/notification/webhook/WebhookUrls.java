package io.expoleads.notification.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The part of {@link io.expoleads.platform.webhook.WebhookTargets#refusal(String)} that needs no
 * name resolution, checked before a call: an https URL with a host and without credentials, or
 * plain http when local development allows loopback (whether the host is loopback is then the
 * resolver's question). Resolving here as well would be a second lookup, the very gap DNS
 * rebinding goes through.
 */
final class WebhookUrls {

    private WebhookUrls() {
    }

    /** @return why the URL may not be called, or null */
    static String refusal(String url, boolean allowLoopback) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an https URL with a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry credentials";
        }
        if (scheme.equals("http") && !allowLoopback) {
            return CheckedDnsResolver.PLAINTEXT_REFUSAL;
        }
        return null;
    }

    static boolean isPlainHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme());
    }
}
