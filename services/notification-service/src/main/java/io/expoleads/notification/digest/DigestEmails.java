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
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a digest: the period in the edition's local time, the figures of its new leads (by rating,
 * top tags, per staff member) in plain text and HTML, in the exhibitor's language, with the new
 * leads attached as CSV or XLSX in the same layout as the exports (the attendee fields the leads
 * show, one column per question of the current form, times in the edition's zone).
 */
@Component
class DigestEmails implements EmailComposer {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm");

    private final SmtpMailer mailer;
    private final SalesRoutings routings;
    private final EditionZones zones;
    private final LeadBook leads;
    private final JsonMapper json;
    private final String from;

    private final Deliveries deliveries;

    DigestEmails(SmtpMailer mailer, SalesRoutings routings, EditionZones zones, LeadBook leads, JsonMapper json,
                 Deliveries deliveries, @Value("${expo.mail.from}") String from) {
        this.deliveries = deliveries;
        this.mailer = mailer;
        this.routings = routings;
        this.zones = zones;
        this.leads = leads;
        this.json = json;
        this.from = from;
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
        boolean english = routing.english();
        DigestSummary summary = DigestSummary.of(newLeads, routing::nameOf);
        String zoneName = zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
        String span = WHEN.format(period.from().atZone(zone)) + " – " + WHEN.format(period.to().atZone(zone)) + " (" + zoneName + ")";
        String subject = english
                ? "Leads digest: " + summary.leads() + (summary.leads() == 1 ? " new lead" : " new leads") + " for " + routing.companyName()
                : "Récapitulatif : " + summary.leads() + (summary.leads() == 1 ? " nouveau lead" : " nouveaux leads") + " pour " + routing.companyName();
        ExportFormat format = ExportFormat.named(period.format()).filter(chosen -> chosen != ExportFormat.JSONL).orElse(ExportFormat.CSV);
        String fileName = "leads-" + FILE_DATE.format(period.to().atZone(zone)) + "." + format.extension();

        MimeMessage message = mailer.newMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom(from);
        helper.setTo(delivery.target());
        helper.setSubject(subject);
        List<String[]> lines = lines(english, summary);
        String intro = english ? "New leads at the booth of " + routing.companyName() + ", " + span + "."
                : "Nouveaux leads sur le stand de " + routing.companyName() + ", " + span + ".";
        String attached = english ? "The new leads are attached (" + fileName + ")." : "Les nouveaux leads sont en pièce jointe (" + fileName + ").";
        helper.setText(plain(intro, lines, attached), html(english, subject, intro, lines, attached));
        helper.addAttachment(fileName, new ByteArrayResource(file(format, routing, zone, newLeads)), format.contentType());
        deliveries.attached(delivery.id(), newLeads.size());
        return message;
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

    /** Label and value lines, a null value starting a section. */
    private static List<String[]> lines(boolean english, DigestSummary summary) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {english ? "New leads" : "Nouveaux leads", Integer.toString(summary.leads())});
        lines.add(new String[] {english ? "By rating" : "Par note", null});
        summary.byRating().forEach((rating, count) -> lines.add(new String[] {"★".repeat(rating) + " (" + rating + "/5)", Long.toString(count)}));
        lines.add(new String[] {english ? "Not rated" : "Sans note", Long.toString(summary.unrated())});
        if (!summary.topTags().isEmpty()) {
            lines.add(new String[] {english ? "Top tags" : "Tags les plus utilisés", null});
            summary.topTags().forEach(tag -> lines.add(new String[] {tag.getKey(), Long.toString(tag.getValue())}));
        }
        lines.add(new String[] {english ? "Leads per staff member" : "Leads par membre de l'équipe", null});
        for (Map.Entry<String, Long> staff : summary.perStaff()) {
            lines.add(new String[] {staff.getKey(), Long.toString(staff.getValue())});
        }
        return lines;
    }

    private static String plain(String intro, List<String[]> lines, String attached) {
        StringBuilder body = new StringBuilder(intro).append("\n");
        for (String[] line : lines) {
            if (line[1] == null) {
                body.append('\n').append(line[0]).append('\n');
            } else {
                body.append(line[0]).append(": ").append(line[1]).append('\n');
            }
        }
        return body.append('\n').append(attached).append('\n').toString();
    }

    private static String html(boolean english, String subject, String intro, List<String[]> lines, String attached) {
        StringBuilder body = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(english ? "en" : "fr").append("\">\n")
                .append("<head><meta charset=\"UTF-8\"><title>").append(escape(subject)).append("</title></head>\n<body>\n")
                .append("<p>").append(escape(intro)).append("</p>\n<table>\n");
        for (String[] line : lines) {
            if (line[1] == null) {
                body.append("<tr><th colspan=\"2\" align=\"left\">").append(escape(line[0])).append("</th></tr>\n");
            } else {
                body.append("<tr><td>").append(escape(line[0])).append("</td>\n<td align=\"right\">").append(escape(line[1])).append("</td></tr>\n");
            }
        }
        return body.append("</table>\n<p>").append(escape(attached)).append("</p>\n</body>\n</html>\n").toString();
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
