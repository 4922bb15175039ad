package io.expoleads.lead.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.RunsInBackground;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends visitors their sign-in links, in French, English or Arabic, off the request thread (so
 * the answer takes the same time whether an email goes or not), and again on a sweep while the
 * mail server refuses, until the link expires. The queue is in memory on purpose: a queued email
 * holds the link's code, which is never stored but hashed; after a crash the visitor asks again.
 * Logs name no address.
 */
@Component
class VisitorLinkEmails implements RunsInBackground {

    private static final Logger log = LoggerFactory.getLogger(VisitorLinkEmails.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Africa/Casablanca"));
    private static final int MOST_QUEUED = 10_000;

    private record Pending(String to, String language, String code, Instant expiresAt) {
    }

    private final JavaMailSender mail;
    private final String from;
    private final String page;
    private final Clock clock;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final BackgroundWork work;

    VisitorLinkEmails(JavaMailSender mail, @Value("${expo.mail.from}") String from, @Value("${expo.web.public-url}") String webUrl,
                      @Value("${expo.mail.retry-interval:30s}") Duration sweepInterval, ObjectProvider<Clock> clock) {
        this.mail = mail;
        this.from = from;
        this.page = (webUrl.endsWith("/") ? webUrl.substring(0, webUrl.length() - 1) : webUrl) + "/privacy/";
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.work = new BackgroundWork("visitor-link-mail", sweepInterval, this::sendQueued);
    }

    void queue(String to, String language, String code, Instant expiresAt) {
        if (queue.size() >= MOST_QUEUED) {
            log.warn("{} sign-in link emails wait for the mail server already; this one is dropped", MOST_QUEUED);
            return;
        }
        queue.add(new Pending(to, language, code, expiresAt));
        work.wake();
    }

    void sendQueued() {
        for (int count = queue.size(); count > 0; count--) {
            Pending next = queue.poll();
            if (next == null) {
                return;
            }
            if (!next.expiresAt().isAfter(clock.instant())) {
                continue;
            }
            try {
                mail.send(compose(next));
            } catch (MailException e) {
                queue.add(next);
                log.warn("The mail server did not take a visitor's sign-in link; it stays queued until it expires: {}",
                        e.getClass().getSimpleName());
                return;
            }
        }
    }

    private SimpleMailMessage compose(Pending email) {
        String link = page + "?lang=" + email.language() + "#code=" + email.code();
        String until = TIME.format(email.expiresAt());
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(email.to());
        switch (email.language()) {
            case "en" -> {
                message.setSubject("Your Expo Leads link: see and manage your data");
                message.setText("Hello,\n\nYou asked to see which exhibitors hold your data. Open this link"
                        + " (it works once, until " + until + " Casablanca time):\n\n" + link + "\n\n"
                        + "If you did not ask for it, ignore this email: nothing happens without the link.\n");
            }
            case "ar" -> {
                message.setSubject("رابط Expo Leads: اطّلع على بياناتك وتحكّم فيها");
                message.setText("مرحباً،\n\nطلبت الاطلاع على العارضين الذين يحتفظون ببياناتك. افتح هذا الرابط"
                        + " (يعمل مرة واحدة، حتى الساعة " + until + " بتوقيت الدار البيضاء):\n\n" + link + "\n\n"
                        + "إذا لم تطلبه، تجاهل هذه الرسالة: لا يحدث شيء دون الرابط.\n");
            }
            default -> {
                message.setSubject("Votre lien Expo Leads : consultez et gérez vos données");
                message.setText("Bonjour,\n\nVous avez demandé à voir quels exposants détiennent vos données. Ouvrez ce lien"
                        + " (il sert une fois, jusqu'à " + until + ", heure de Casablanca) :\n\n" + link + "\n\n"
                        + "Si vous ne l'avez pas demandé, ignorez ce message : rien ne se passe sans le lien.\n");
            }
        }
        return message;
    }

    @Override
    public BackgroundWork backgroundWork() {
        return work;
    }
}
