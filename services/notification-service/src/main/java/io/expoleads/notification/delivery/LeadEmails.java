package io.expoleads.notification.delivery;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadView;
import io.expoleads.notification.exhibitor.SalesRouting;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Writes and sends the "new lead" email, in the exhibitor's language (French unless English). */
@Component
class LeadEmails {

    private static final ZoneId VENUE_ZONE = ZoneId.of("Africa/Casablanca");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(VENUE_ZONE);

    private final JavaMailSender mail;
    private final String from;

    LeadEmails(JavaMailSender mail, @Value("${expo.mail.from}") String from) {
        this.mail = mail;
        this.from = from;
    }

    void send(String recipient, SalesRouting routing, LeadView lead) {
        boolean english = "en".equals(routing.language());
        AttendeeView visitor = lead.attendee();
        String who = fullName(visitor) + (visitor.company() == null ? "" : " (" + visitor.company() + ")");
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(recipient);
        message.setSubject((english ? "New lead: " : "Nouveau lead : ") + who);
        StringBuilder body = new StringBuilder();
        body.append(english ? "A new lead was captured at the booth of " : "Un nouveau lead a été capté sur le stand de ")
                .append(routing.companyName()).append(".\n\n");
        line(body, english ? "Name" : "Nom", fullName(visitor));
        line(body, english ? "Company" : "Société", visitor.company());
        line(body, english ? "Job title" : "Fonction", visitor.jobTitle());
        line(body, "Email", visitor.email());
        line(body, english ? "Phone" : "Téléphone", visitor.phone());
        line(body, english ? "Country" : "Pays", visitor.country());
        line(body, english ? "Scanned at" : "Scanné le", TIME.format(lead.lastScanAt()) + " (" + VENUE_ZONE + ")");
        line(body, english ? "Scanned by" : "Scanné par", lead.lastScannedBy());
        line(body, english ? "Lead id" : "Identifiant du lead", lead.leadId());
        message.setText(body.toString());
        mail.send(message);
    }

    private static String fullName(AttendeeView visitor) {
        String first = visitor.firstName() == null ? "" : visitor.firstName();
        String last = visitor.lastName() == null ? "" : visitor.lastName();
        return (first + " " + last).strip();
    }

    private static void line(StringBuilder body, String label, String value) {
        if (value != null && !value.isBlank()) {
            body.append(label).append(": ").append(value).append('\n');
        }
    }
}
