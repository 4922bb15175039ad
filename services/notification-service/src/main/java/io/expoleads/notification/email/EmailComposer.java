package io.expoleads.notification.email;

import io.expoleads.notification.delivery.Delivery;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** Writes the email of one kind of delivery, at the time of each attempt. */
public interface EmailComposer {

    Delivery.Kind kind();

    /**
     * @throws NothingToSend when the delivery no longer has anything to say (its exhibitor is gone)
     */
    MimeMessage compose(Delivery delivery) throws MessagingException;

    /** The delivery is cancelled rather than attempted, for the reason given. */
    final class NothingToSend extends RuntimeException {

        public NothingToSend(String reason) {
            super(reason);
        }
    }
}
