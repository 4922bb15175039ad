package io.expoleads.notification.digest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.expoleads.events.LeadView;
import io.expoleads.leadfiles.ExportFormat;
import io.expoleads.leadfiles.ExportLayout;
import io.expoleads.leadfiles.LeadRowWriter;
import io.expoleads.notification.delivery.Delivery;
import io.expoleads.notification.edition.EditionZones;
import io.expoleads.notification.delivery.Deliveries;
import io.expoleads.notification.email.EmailComposer;
import io.expoleads.notification.email.SmtpMailer;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a digest: the period in the edition's local time, the figures of its new leads (by rating,
 * top tags, per staff member) in plain text and HTML from its templates ({@code mail/digest.*}), in
 * the exhibitor's language (French, English or Arabic, right to left), with the new
 * leads attached as CSV or XLSX in the same layout as the exports (the attendee fields the leads
 * show, one column per question of the current form, times in the edition's zone).
 */
@Component
class DigestEmails implements EmailComposer {

    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm");

    private final SmtpMailer mailer;
    private final SalesRoutings routings;
    private final EditionZones zones;
    private final LeadBook leads;
    private final JsonMapper json;
    private final MailTemplates templates;
    private final String from;

    private final Deliveries deliveries;

    DigestEmails(SmtpMailer mailer, SalesRoutings routings, EditionZones zones, LeadBook leads, JsonMapper json,
                 Deliveries deliveries, MailTemplates templates, ExpoMailProperties mail) {
        this.templates = templates;
        this.deliveries = deliveries;
        this.mailer = mailer;
        this.routings = routings;
        this.zones = zones;
        this.leads = leads;
        this.json = json;
        this.from = mail.from();
    }

    @Override
    public Delivery.Kind kind() {
        return Delivery.Kind.DIGEST;
    }

    @Override
    public MimeMessage compose(Delivery delivery) throws MessagingException {
        SalesRouting routing = routings.find(delivery.exhibitorId())
                .orElseThrow(() -> new NothingToSend("exhibitor " + delivery.exhibitorId() + " is not known"));
        Digests.DigestPeriod period = json.readValue(delivery.content(), Digests.DigestPeriod.class);
        List<LeadView> newLeads = leads.firstHeardOf(routing.id(), period.from(), period.to());
        if (newLeads.isEmpty()) {
            throw new NothingToSend("no new leads in the period");
        }
        ZoneId zone = zones.zone(routing.editionId());
        DigestSummary summary = DigestSummary.of(newLeads, routing::nameOf);
        ExportFormat format = ExportFormat.named(period.format()).filter(chosen -> chosen != ExportFormat.JSONL).orElse(ExportFormat.CSV);
        String fileName = "leads-" + FILE_DATE.format(period.to().atZone(zone)) + "." + format.extension();
        MimeMessage message = mailer.newMessage();
        MimeMessageHelper helper = write(message, routing.mailLanguage(), delivery.target(), routing.companyName(), period, zone,
                summary, fileName);
        helper.addAttachment(fileName, new ByteArrayResource(file(format, routing, zone, newLeads)), format.contentType());
        deliveries.attached(delivery.id(), newLeads.size());
        return message;
    }

    /**
     * Fills the message but its attachment from the digest's templates: subject, plain text and HTML
     * (right to left in Arabic), counts with the language's plural forms and digits, the period as
     * the language writes dates.
     */
    MimeMessageHelper write(MimeMessage message, MailLanguage language, String to, String company, Digests.DigestPeriod period,
                            ZoneId zone, DigestSummary summary, String fileName) throws MessagingException {
        String zoneName = zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
        String span = language.dateTime(period.from(), zone) + " – " + language.dateTime(period.to(), zone) + " (" + zoneName + ")";
        List<Count> ratings = new ArrayList<>();
        summary.byRating().forEach((rating, count) -> ratings.add(new Count("★".repeat(rating) + " (" + rating + "/5)", count)));
        Map<String, Object> values = Map.of("company", company, "span", span, "fileName", fileName, "leads", summary.leads(),
                "ratings", ratings, "unrated", summary.unrated(), "tags", counts(summary.topTags()), "staff", counts(summary.perStaff()));
        return templates.render("digest", language, values, "digest.subject", summary.leads(), company).writeTo(message, from, to);
    }

    /** A labelled count of the digest: a rating, a tag, a staff member. */
    record Count(String label, long value) {
    }

    private static List<Count> counts(List<Map.Entry<String, Long>> entries) {
        return entries.stream().map(entry -> new Count(entry.getKey(), entry.getValue())).toList();
    }

    private byte[] file(ExportFormat format, SalesRouting routing, ZoneId zone, List<LeadView> newLeads) {
        ExportLayout layout = ExportLayout.of(ExportLayout.fieldsShownBy(newLeads), routing.form(), zone, routing::nameOf);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LeadRowWriter writer = LeadRowWriter.of(format, layout, out, json)) {
            writer.header();
            for (LeadView lead : newLeads) {
                writer.row(lead);
            }
            writer.finish();
        } catch (IOException e) {
            throw new IllegalStateException("the digest's file could not be written", e);
        }
        return out.toByteArray();
    }
}
