package io.expoleads.notification.email;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.expoleads.notification.delivery.AttemptResult;
import io.expoleads.notification.delivery.Delivery;
import io.expoleads.notification.delivery.DeliveryChannel;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.stereotype.Component;

/**
 * Email attempts. The SMTP server's verdict decides what follows: a 2xx reply is success, a 5xx
 * reply (a mailbox that does not exist, a message refused) is permanent and recorded as such, and
 * everything else (4xx replies, a server that cannot be reached or does not answer in time) is
 * transient and retried like a webhook.
 */
@Component
class EmailChannel implements DeliveryChannel {

    private final SmtpMailer mailer;
    private final Map<Delivery.Kind, EmailComposer> composers = new EnumMap<>(Delivery.Kind.class);

    EmailChannel(SmtpMailer mailer, List<EmailComposer> composers) {
        this.mailer = mailer;
        composers.forEach(composer -> this.composers.put(composer.kind(), composer));
    }

    @Override
    public Delivery.Channel channel() {
        return Delivery.Channel.EMAIL;
    }

    @Override
    public AttemptResult attempt(Delivery delivery) {
        MimeMessage message;
        try {
            message = composers.get(delivery.kind()).compose(delivery);
        } catch (EmailComposer.NothingToSend nothing) {
            return AttemptResult.cancelled(nothing.getMessage());
        } catch (MessagingException e) {
            return new AttemptResult(AttemptResult.Outcome.REJECTED, null, 0, null, 0, "the message could not be written: " + e.getMessage(), null);
        }
        long start = System.nanoTime();
        try {
            SmtpMailer.Reply reply = mailer.send(message);
            return new AttemptResult(AttemptResult.Outcome.SUCCEEDED, reply.server(), reply.code(), reply.text(), millisSince(start), null, null);
        } catch (MessagingException e) {
            int code = replyCode(e);
            String error = describe(e);
            AttemptResult.Outcome outcome = code >= 500 && code < 600 ? AttemptResult.Outcome.REJECTED : AttemptResult.Outcome.FAILED;
            return new AttemptResult(outcome, mailer.server(), code, code > 0 ? error : null, millisSince(start), error, null);
        }
    }

    /** The SMTP reply code of the failure, 0 when the server gave none (it could not be reached). */
    static int replyCode(MessagingException failure) {
        Exception current = failure;
        while (current != null) {
            if (current instanceof SMTPAddressFailedException address) {
                return address.getReturnCode();
            }
            if (current instanceof SMTPSendFailedException send) {
                int code = send.getReturnCode();
                Exception next = send.getNextException();
                // A send refused for its recipients carries each recipient's own reply further down.
                if (next instanceof SMTPAddressFailedException address) {
                    return address.getReturnCode();
                }
                return code;
            }
            current = current instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        return 0;
    }

    private static String describe(MessagingException failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()).strip());
        Exception next = failure.getNextException();
        if (next == null && failure.getCause() != null && failure.getCause() != failure) {
            text.append(": ").append(failure.getCause());
        }
        while (next != null) {
            text.append("; ").append(String.valueOf(next.getMessage()).strip());
            next = next instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        if (failure instanceof SendFailedException sendFailed && sendFailed.getInvalidAddresses() != null
                && sendFailed.getInvalidAddresses().length > 0) {
            text.append(" (refused: ").append(List.of(sendFailed.getInvalidAddresses())).append(')');
        }
        return text.length() > 1000 ? text.substring(0, 1000) : text.toString();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
