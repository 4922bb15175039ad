package io.expoleads.notification.exhibitor;

/** Within this service: an exhibitor's routing was stored or changed. */
public record SalesRoutingChanged(String exhibitorId) {
}
