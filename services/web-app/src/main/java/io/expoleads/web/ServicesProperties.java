package io.expoleads.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the three services answer, as the web tier proxies {@code /api} to them.
 *
 * @param exhibitor          exhibitor-service's URL, or a comma-separated list of its instances' URLs
 *                           (env {@code EXPO_SERVICES_EXHIBITOR})
 * @param lead               lead-service's, the same way (env {@code EXPO_SERVICES_LEAD})
 * @param notification       notification-service's (env {@code EXPO_SERVICES_NOTIFICATION})
 * @param healthCheckTimeout how long an instance's liveness probe may take; one that does not answer
 *                           within it is out of the rotation while another instance answers UP
 * @param maxCallsPerInstance how many of this web tier's calls one service instance has at once (live
 *                           streams aside); one more is answered 503 at once ({@link InstanceCallLimits})
 */
@ConfigurationProperties("expo.services")
public record ServicesProperties(
        String exhibitor,
        String lead,
        String notification,
        @DefaultValue("2s") Duration healthCheckTimeout,
        @DefaultValue("200") int maxCallsPerInstance) {

    public ServicesProperties {
        // The web tier is nothing without its services: a missing or mistyped URL stops it at start,
        // naming the property, rather than answering 503 to every call.
        exhibitor = urls("exhibitor", exhibitor);
        lead = urls("lead", lead);
        notification = urls("notification", notification);
        if (healthCheckTimeout.isZero() || healthCheckTimeout.isNegative()) {
            throw new IllegalArgumentException("expo.services.health-check-timeout must be more than 0, not " + healthCheckTimeout);
        }
        if (maxCallsPerInstance < 1) {
            throw new IllegalArgumentException("expo.services.max-calls-per-instance must be at least 1, not " + maxCallsPerInstance);
        }
    }

    private static String urls(String service, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("expo.services." + service + " is missing: the URL of " + service
                    + "-service, or a comma-separated list of its instances' URLs");
        }
        for (String url : value.split(",")) {
            if (!url.strip().matches("https?://\\S+")) {
                throw new IllegalArgumentException("expo.services." + service + " must hold http or https URLs, not '"
                        + url.strip() + "'");
            }
        }
        return value;
    }
}
