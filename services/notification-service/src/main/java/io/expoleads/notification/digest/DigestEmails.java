package io.expoleads.notification.digest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.NumberFormat;
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
import io.expoleads.notification.email.Counted;
import io.expoleads.platform.mail.MailLanguage;
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
 * top tags, per staff member) in plain text and HTML, in the exhibitor's language (French, English or
 * Arabic, right to left), with the new
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
     * Fills the message but its attachment: subject, plain text and HTML (right to left in Arabic),
     * counts with the language's plural forms, the period as the language writes dates.
     */
    MimeMessageHelper write(MimeMessage message, MailLanguage language, String to, String company, Digests.DigestPeriod period,
                            ZoneId zone, DigestSummary summary, String fileName) throws MessagingException {
        String zoneName = zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
        String span = language.dateTime(period.from(), zone) + " – " + language.dateTime(period.to(), zone) + " (" + zoneName + ")";
        String newLeads = Counted.say(language, summary.leads(),
                "{count, plural, one {# nouveau lead} other {# nouveaux leads}}",
                "{count, plural, one {# new lead} other {# new leads}}",
                "{count, plural, zero {لا عملاء محتملين جدد} one {عميل محتمل جديد واحد} two {عميلان محتملان جديدان}"
                        + " few {# عملاء محتملين جدد} many {# عميلاً محتملاً جديداً} other {# عميل محتمل جديد}}");
        String subject = language.say("Récapitulatif : " + newLeads + " pour " + company,
                "Leads digest: " + newLeads + " for " + company, "ملخّص العملاء المحتملين: " + newLeads + " لـ " + company);
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom(from);
        helper.setTo(to);
        helper.setSubject(subject);
        List<String[]> lines = lines(language, summary);
        String intro = language.say("Nouveaux leads sur le stand de " + company + ", " + span + ".",
                "New leads at the booth of " + company + ", " + span + ".",
                "عملاء محتملون جدد في جناح " + company + "، " + span + ".");
        String attached = language.say("Les nouveaux leads sont en pièce jointe (" + fileName + ").",
                "The new leads are attached (" + fileName + ").", "العملاء المحتملون الجدد في المرفق (" + fileName + ").");
        helper.setText(plain(intro, lines, attached), html(language, subject, intro, lines, attached));
        return helper;
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
    private static List<String[]> lines(MailLanguage language, DigestSummary summary) {
        NumberFormat numbers = NumberFormat.getIntegerInstance(language.locale());
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {language.say("Nouveaux leads", "New leads", "العملاء المحتملون الجدد"), numbers.format(summary.leads())});
        lines.add(new String[] {language.say("Par note", "By rating", "حسب التقييم"), null});
        summary.byRating().forEach((rating, count) -> lines.add(new String[] {"★".repeat(rating) + " (" + rating + "/5)", numbers.format(count)}));
        lines.add(new String[] {language.say("Sans note", "Not rated", "بلا تقييم"), numbers.format(summary.unrated())});
        if (!summary.topTags().isEmpty()) {
            lines.add(new String[] {language.say("Tags les plus utilisés", "Top tags", "الوسوم الأكثر استعمالاً"), null});
            summary.topTags().forEach(tag -> lines.add(new String[] {tag.getKey(), numbers.format(tag.getValue())}));
        }
        lines.add(new String[] {language.say("Leads par membre de l'équipe", "Leads per staff member", "العملاء المحتملون لكل عضو في الفريق"), null});
        for (Map.Entry<String, Long> staff : summary.perStaff()) {
            lines.add(new String[] {staff.getKey(), numbers.format(staff.getValue())});
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

    private static String html(MailLanguage language, String subject, String intro, List<String[]> lines, String attached) {
        StringBuilder body = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(language.code())
                .append("\" dir=\"").append(language.direction()).append("\">\n")
                .append("<head><meta charset=\"UTF-8\"><title>").append(escape(subject)).append("</title></head>\n<body>\n")
                .append("<p>").append(escape(intro)).append("</p>\n<table>\n");
        for (String[] line : lines) {
            if (line[1] == null) {
                body.append("<tr><th colspan=\"2\" align=\"").append(language.start()).append("\">").append(escape(line[0])).append("</th></tr>\n");
            } else {
                body.append("<tr><td>").append(escape(line[0])).append("</td>\n<td align=\"").append(language.end()).append("\">").append(escape(line[1])).append("</td></tr>\n");
            }
        }
        return body.append("</table>\n<p>").append(escape(attached)).append("</p>\n</body>\n</html>\n").toString();
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
