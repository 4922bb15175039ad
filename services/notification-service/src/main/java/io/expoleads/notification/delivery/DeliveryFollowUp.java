package io.expoleads.notification.delivery;

/**
 * What happens after a delivery's last attempt of a round: the exhibitor's admin is told of a dead
 * one, an endpoint that answered 410 Gone is disabled.
 */
public interface DeliveryFollowUp {

    void finished(Delivery delivery, AttemptResult lastAttempt);
}
