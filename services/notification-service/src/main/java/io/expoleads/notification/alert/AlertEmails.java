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
import io.expoleads.platform.mail.MailLanguage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the lead alert email, in plain text and HTML (every value escaped), in the exhibitor's
 * language (French, English or Arabic, right to left), from the lead as it was when the alert was
 * called for. Times are shown in the edition's time zone as the language writes them, staff by
 * their names.
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
        MailLanguage language = routing.mailLanguage();
        String scannedAt = zones.localTime(lead.editionId(), lead.lastScanAt(), language);
        MimeMessage message = mailer.newMessage();
        write(message, language, delivery.target(), lead, routing, scannedAt);
        return message;
    }

    /** Fills the message: subject, plain text and HTML (right to left in Arabic). */
    void write(MimeMessage message, MailLanguage language, String to, LeadView lead, SalesRouting routing, String scannedAt)
            throws MessagingException {
        boolean hot = SalesRouting.ALERT_HOT.equals(routing.alertOn());
        AttendeeView visitor = lead.attendee();
        String who = fullName(visitor) + (visitor.company() == null ? "" : " (" + visitor.company() + ")");
        String subject = (hot ? language.say("Lead chaud : ", "Hot lead: ", "عميل محتمل ساخن: ")
                : language.say("Nouveau lead : ", "New lead: ", "عميل محتمل جديد: ")) + who;
        String intro = (hot
                ? language.say("Un lead chaud a été capté sur le stand de ", "A hot lead was captured at the booth of ",
                        "سُجّل عميل محتمل ساخن في جناح ")
                : language.say("Un nouveau lead a été capté sur le stand de ", "A new lead was captured at the booth of ",
                        "سُجّل عميل محتمل جديد في جناح "))
                + routing.companyName() + ".";
        List<String[]> fields = fields(language, lead, routing, scannedAt);
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom(from);
        helper.setTo(to);
        helper.setSubject(subject);
        helper.setText(plain(intro, fields), html(language, subject, intro, fields));
    }

    /** The lead's labelled values, in display order, leaving out those not given. */
    static List<String[]> fields(MailLanguage language, LeadView lead, SalesRouting routing, String scannedAt) {
        AttendeeView visitor = lead.attendee();
        List<String[]> fields = new ArrayList<>();
        add(fields, language.say("Nom", "Name", "الاسم"), fullName(visitor));
        add(fields, language.say("Société", "Company", "الشركة"), visitor.company());
        add(fields, language.say("Fonction", "Job title", "الوظيفة"), visitor.jobTitle());
        add(fields, language.say("E-mail", "Email", "البريد الإلكتروني"), visitor.email());
        add(fields, language.say("Téléphone", "Phone", "الهاتف"), visitor.phone());
        add(fields, language.say("Pays", "Country", "البلد"), visitor.country());
        add(fields, language.say("Note", "Rating", "التقييم"), lead.rating() == null ? null : lead.rating() + "/5");
        add(fields, language.say("Tags", "Tags", "الوسوم"), String.join(", ", lead.tags()));
        new TreeMap<>(lead.answers()).forEach((question, answer) -> add(fields, question, answer(language, answer)));
        for (LeadNote note : lead.notes()) {
            add(fields, language.say("Commentaire de ", "Note by ", "ملاحظة ") + routing.nameOf(note.authorId()), note.text());
        }
        add(fields, language.say("Scanné par", "Scanned by", "مسحه"),
                (lead.scannedBy().isEmpty() ? List.of(lead.lastScannedBy()) : lead.scannedBy()).stream()
                        .map(routing::nameOf).filter(Objects::nonNull).collect(Collectors.joining(", ")));
        add(fields, language.say("Scanné le", "Scanned at", "وقت المسح"), scannedAt);
        add(fields, language.say("Identifiant du lead", "Lead id", "معرّف العميل المحتمل"), lead.leadId());
        return fields;
    }

    private static String plain(String intro, List<String[]> fields) {
        StringBuilder body = new StringBuilder(intro).append("\n\n");
        for (String[] field : fields) {
            body.append(field[0]).append(": ").append(field[1]).append('\n');
        }
        return body.toString();
    }

    private static String html(MailLanguage language, String subject, String intro, List<String[]> fields) {
        StringBuilder body = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(language.code())
                .append("\" dir=\"").append(language.direction()).append("\">\n")
                .append("<head><meta charset=\"UTF-8\"><title>").append(escape(subject)).append("</title></head>\n<body>\n")
                .append("<p>").append(escape(intro)).append("</p>\n<table>\n");
        for (String[] field : fields) {
            // One short line per value, so no encoding line break falls inside it.
            body.append("<tr><th align=\"").append(language.start()).append("\">").append(escape(field[0])).append("</th>\n<td>")
                    .append(escape(field[1]).replace("\n", "<br>\n")).append("</td></tr>\n");
        }
        return body.append("</table>\n</body>\n</html>\n").toString();
    }

    private static String answer(MailLanguage language, Object answer) {
        if (answer instanceof Collection<?> choices) {
            return choices.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (answer instanceof Boolean yes) {
            return yes ? language.say("Oui", "Yes", "نعم") : language.say("Non", "No", "لا");
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
