package io.expoleads.notification.alert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadView;
import io.expoleads.notification.delivery.Delivery;
import io.expoleads.notification.edition.EditionZones;
import io.expoleads.notification.email.EmailComposer;
import io.expoleads.notification.email.SmtpMailer;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the lead alert email, in plain text and HTML (every value escaped), in the exhibitor's
 * language (French unless English), from the lead as it was when the alert was called for. Times
 * are shown in the edition's time zone, staff by their names.
 */
@Component
class AlertEmails implements EmailComposer {

    private final SmtpMailer mailer;
    private final SalesRoutings routings;
    private final EditionZones zones;
    private final JsonMapper json;
    private final String from;

    AlertEmails(SmtpMailer mailer, SalesRoutings routings, EditionZones zones, JsonMapper json, @Value("${expo.mail.from}") String from) {
        this.mailer = mailer;
        this.routings = routings;
        this.zones = zones;
        this.json = json;
        this.from = from;
    }

    @Override
    public Delivery.Kind kind() {
        return Delivery.Kind.ALERT;
    }

    @Override
    public MimeMessage compose(Delivery delivery) throws MessagingException {
        SalesRouting routing = routings.find(delivery.exhibitorId())
                .orElseThrow(() -> new NothingToSend("exhibitor " + delivery.exhibitorId() + " is not known"));
        LeadView lead = json.readValue(delivery.content(), LeadView.class);
        boolean english = routing.english();
        boolean hot = SalesRouting.ALERT_HOT.equals(routing.alertOn());
        AttendeeView visitor = lead.attendee();
        String who = fullName(visitor) + (visitor.company() == null ? "" : " (" + visitor.company() + ")");
        String subject = (hot ? (english ? "Hot lead: " : "Lead chaud : ") : (english ? "New lead: " : "Nouveau lead : ")) + who;
        String intro = (hot
                ? (english ? "A hot lead was captured at the booth of " : "Un lead chaud a été capté sur le stand de ")
                : (english ? "A new lead was captured at the booth of " : "Un nouveau lead a été capté sur le stand de "))
                + routing.companyName() + ".";
        List<String[]> fields = fields(english, lead, routing, zones.localTime(lead.editionId(), lead.lastScanAt()));
        MimeMessage message = mailer.newMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom(from);
        helper.setTo(delivery.target());
        helper.setSubject(subject);
        helper.setText(plain(intro, fields), html(english, subject, intro, fields));
        return message;
    }

    /** The lead's labelled values, in display order, leaving out those not given. */
    static List<String[]> fields(boolean english, LeadView lead, SalesRouting routing, String scannedAt) {
        AttendeeView visitor = lead.attendee();
        List<String[]> fields = new ArrayList<>();
        add(fields, english ? "Name" : "Nom", fullName(visitor));
        add(fields, english ? "Company" : "Société", visitor.company());
        add(fields, english ? "Job title" : "Fonction", visitor.jobTitle());
        add(fields, "Email", visitor.email());
        add(fields, english ? "Phone" : "Téléphone", visitor.phone());
        add(fields, english ? "Country" : "Pays", visitor.country());
        add(fields, english ? "Rating" : "Note", lead.rating() == null ? null : lead.rating() + "/5");
        add(fields, "Tags", String.join(", ", lead.tags()));
        new TreeMap<>(lead.answers()).forEach((question, answer) -> add(fields, question, answer(english, answer)));
        for (LeadNote note : lead.notes()) {
            add(fields, (english ? "Note by " : "Commentaire de ") + routing.nameOf(note.authorId()), note.text());
        }
        add(fields, english ? "Scanned by" : "Scanné par",
                (lead.scannedBy().isEmpty() ? List.of(lead.lastScannedBy()) : lead.scannedBy()).stream()
                        .map(routing::nameOf).filter(Objects::nonNull).collect(Collectors.joining(", ")));
        add(fields, english ? "Scanned at" : "Scanné le", scannedAt);
        add(fields, english ? "Lead id" : "Identifiant du lead", lead.leadId());
        return fields;
    }

    private static String plain(String intro, List<String[]> fields) {
        StringBuilder body = new StringBuilder(intro).append("\n\n");
        for (String[] field : fields) {
            body.append(field[0]).append(": ").append(field[1]).append('\n');
        }
        return body.toString();
    }

    private static String html(boolean english, String subject, String intro, List<String[]> fields) {
        StringBuilder body = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(english ? "en" : "fr").append("\">\n")
                .append("<head><meta charset=\"UTF-8\"><title>").append(escape(subject)).append("</title></head>\n<body>\n")
                .append("<p>").append(escape(intro)).append("</p>\n<table>\n");
        for (String[] field : fields) {
            // One short line per value, so no encoding line break falls inside it.
            body.append("<tr><th align=\"left\">").append(escape(field[0])).append("</th>\n<td>")
                    .append(escape(field[1]).replace("\n", "<br>\n")).append("</td></tr>\n");
        }
        return body.append("</table>\n</body>\n</html>\n").toString();
    }

    private static String answer(boolean english, Object answer) {
        if (answer instanceof Collection<?> choices) {
            return choices.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (answer instanceof Boolean yes) {
            return yes ? (english ? "Yes" : "Oui") : (english ? "No" : "Non");
        }
        if (answer instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue()).collect(Collectors.joining(", "));
        }
        return answer == null ? null : String.valueOf(answer);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    private static String fullName(AttendeeView visitor) {
        String first = visitor.firstName() == null ? "" : visitor.firstName();
        String last = visitor.lastName() == null ? "" : visitor.lastName();
        return (first + " " + last).strip();
    }

    private static void add(List<String[]> fields, String label, String value) {
        if (value != null && !value.isBlank()) {
            fields.add(new String[] {label, value});
        }
    }
}
