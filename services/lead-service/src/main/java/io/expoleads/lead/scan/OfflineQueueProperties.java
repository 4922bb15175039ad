package io.expoleads.lead.scan;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Offline queues ({@code POST /api/scans/batch}) as one instance takes them
 * ({@code expo.scans.offline-queues.*}).
 *
 * @param atOnce how many queues an instance works on at the same time; one more is answered 503
 *               {@code SERVICE_BUSY} at once, before any of its scans is checked, and the phone
 *               keeps it and sends it again
 */
@ConfigurationProperties("expo.scans.offline-queues")
@Validated
public record OfflineQueueProperties(@DefaultValue("2") @Min(1) int atOnce) {
}
