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
import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the lead alert email from its templates ({@code mail/alert.txt} and {@code mail/alert.html},
 * every value escaped there), in the exhibitor's language (French, English or Arabic, right to
 * left), from the lead as it was when the alert was called for. Times are shown in the edition's time zone as the language writes them, staff by
 * their names.
 */
@Component
class AlertEmails implements EmailComposer {

    private final SmtpMailer mailer;
    private final SalesRoutings routings;
    private final EditionZones zones;
    private final JsonMapper json;
    private final MailTemplates templates;
    private final String from;

    AlertEmails(SmtpMailer mailer, SalesRoutings routings, EditionZones zones, JsonMapper json, MailTemplates templates,
                ExpoMailProperties mail) {
        this.mailer = mailer;
        this.templates = templates;
        this.routings = routings;
        this.zones = zones;
        this.json = json;
        this.from = mail.from();
    }

    @Override
    public Delivery.Kind kind() {
        return Delivery.Kind.ALERT;
    }

    @Override
    public MimeMessage compose(Delivery delivery) throws MessagingException {
        SalesRouting routing = routings.recent(delivery.exhibitorId())
                .orElseThrow(() -> new NothingToSend("exhibitor " + delivery.exhibitorId() + " is not known"));
        LeadView lead = json.readValue(delivery.content(), LeadView.class);
        MailLanguage language = routing.mailLanguage();
        String scannedAt = zones.localTime(lead.editionId(), lead.lastScanAt(), language);
        MimeMessage message = mailer.newMessage();
        write(message, language, delivery.target(), lead, routing, scannedAt);
        return message;
    }

    /** Fills the message: subject, plain text and HTML (right to left in Arabic), from the alert's templates. */
    void write(MimeMessage message, MailLanguage language, String to, LeadView lead, SalesRouting routing, String scannedAt)
            throws MessagingException {
        String kind = SalesRouting.ALERT_HOT.equals(routing.alertOn()) ? "hot" : "new";
        AttendeeView visitor = lead.attendee();
        String who = fullName(visitor) + (visitor.company() == null ? "" : " (" + visitor.company() + ")");
        Map<String, Object> values = Map.of("kind", kind, "company", routing.companyName(),
                "fields", fields(language, lead, routing, scannedAt));
        templates.render("alert", language, values, "alert.subject", kind, who).writeTo(message, from, to);
    }

    /** A labelled value of the lead; the HTML breaks its lines. */
    record Field(String label, String value) {

        public List<String> lines() {
            return value.lines().toList();
        }
    }

    /** The lead's labelled values, in display order, leaving out those not given. */
    private List<Field> fields(MailLanguage language, LeadView lead, SalesRouting routing, String scannedAt) {
        AttendeeView visitor = lead.attendee();
        List<Field> fields = new ArrayList<>();
        add(fields, word(language, "alert.name"), fullName(visitor));
        add(fields, word(language, "alert.company"), visitor.company());
        add(fields, word(language, "alert.jobTitle"), visitor.jobTitle());
        add(fields, word(language, "alert.email"), visitor.email());
        add(fields, word(language, "alert.phone"), visitor.phone());
        add(fields, word(language, "alert.country"), visitor.country());
        add(fields, word(language, "alert.rating"), lead.rating() == null ? null : lead.rating() + "/5");
        add(fields, word(language, "alert.tags"), String.join(", ", lead.tags()));
        new TreeMap<>(lead.answers()).forEach((question, answer) -> add(fields, question, answer(language, answer)));
        for (LeadNote note : lead.notes()) {
            add(fields, templates.message(language, "alert.noteBy", routing.nameOf(note.authorId())), note.text());
        }
        add(fields, word(language, "alert.scannedBy"),
                (lead.scannedBy().isEmpty() ? List.of(lead.lastScannedBy()) : lead.scannedBy()).stream()
                        .map(routing::nameOf).filter(Objects::nonNull).collect(Collectors.joining(", ")));
        add(fields, word(language, "alert.scannedAt"), scannedAt);
        add(fields, word(language, "alert.leadId"), lead.leadId());
        return fields;
    }

    private String answer(MailLanguage language, Object answer) {
        if (answer instanceof Collection<?> choices) {
            return choices.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (answer instanceof Boolean yes) {
            return word(language, yes ? "alert.yes" : "alert.no");
        }
        if (answer instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue()).collect(Collectors.joining(", "));
        }
        return answer == null ? null : String.valueOf(answer);
    }

    private String word(MailLanguage language, String key) {
        return templates.message(language, key);
    }

    private static String fullName(AttendeeView visitor) {
        String first = visitor.firstName() == null ? "" : visitor.firstName();
        String last = visitor.lastName() == null ? "" : visitor.lastName();
        return (first + " " + last).strip();
    }

    private static void add(List<Field> fields, String label, String value) {
        if (value != null && !value.isBlank()) {
            fields.add(new Field(label, value));
        }
    }
}
