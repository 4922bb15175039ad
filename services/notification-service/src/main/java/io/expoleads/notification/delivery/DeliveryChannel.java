package io.expoleads.notification.delivery;

/**
 * Makes one attempt of a delivery over one channel. Failures of the destination come back as a
 * result, never as an exception; an exception means this service could not tell what happened
 * (its store failed), and the attempt is made again once its lease runs out.
 */
public interface DeliveryChannel {

    Delivery.Channel channel();

    AttemptResult attempt(Delivery delivery);
}
