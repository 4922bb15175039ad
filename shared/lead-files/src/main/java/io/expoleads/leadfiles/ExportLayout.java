package io.expoleads.leadfiles;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadView;
import io.expoleads.events.QualificationForm;

/**
 * The columns of one exhibitor's lead file, decided once before the first row, so every row of a
 * file has the same columns however its leads differ: the attendee fields the edition shows
 * exhibitors (the registration id always), the rating, one column per question of the exhibitor's
 * current form (answers given on another version show under the same key), tags, notes ("author:
 * text", joined with {@value #NOTE_SEPARATOR}), who scanned, first and last scan in the edition's
 * time zone (UTC while the edition is unknown; the header names the zone), the scan count, how
 * the visitor was identified ({@code source}: BADGE, LOOKUP when staff found them in the
 * directory, WALK_IN when staff typed in a visitor with no registration) and the lead id.
 * <p>
 * The rows are {@link LeadView}s whose {@code attendee()} is already what the exhibitor may see:
 * the layout shows what it is given and hides nothing itself.
 */
public final class ExportLayout {

    static final String LIST_SEPARATOR = "; ";
    static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final String NOTE_SEPARATOR = " | ";
    /** The attendee fields an export may show, in column order. */
    public static final List<String> ATTENDEE_FIELDS = List.of("firstName", "lastName", "company", "jobTitle", "email", "phone", "country");
    private static final Set<String> FIXED = Set.of("registrationId", "firstName", "lastName", "company", "jobTitle",
            "email", "phone", "country", "rating", "tags", "notes", "scannedBy", "firstScanAt", "lastScanAt", "scanCount", "source", "leadId");

    private final List<ExportColumn> columns;

    private ExportLayout(List<ExportColumn> columns) {
        this.columns = List.copyOf(columns);
    }

    /**
     * @param visibleFields the attendee fields the edition shows exhibitors, in their order
     * @param form          the exhibitor's current qualification form, or null when it has none
     * @param zone          the edition's time zone, or null when unknown (then UTC)
     */
    public static ExportLayout of(List<String> visibleFields, QualificationForm form, ZoneId zone) {
        return of(visibleFields, form, zone, UnaryOperator.identity());
    }

    /**
     * @param names the display name of a staff member or device by its id (the id itself when the
     *              team never named it): who scanned and who wrote each note are shown by name
     */
    public static ExportLayout of(List<String> visibleFields, QualificationForm form, ZoneId zone, UnaryOperator<String> names) {
        ZoneId shownZone = zone == null ? ZoneOffset.UTC : zone;
        List<ExportColumn> columns = new ArrayList<>();
        columns.add(new ExportColumn("registrationId", "registrationId", null, 16, lead -> lead.attendee().registrationId()));
        for (String field : visibleFields) {
            columns.add(new ExportColumn(field, field, null, field.equals("email") ? 30 : 20,
                    lead -> attendeeField(lead.attendee(), field)));
        }
        columns.add(new ExportColumn("rating", "rating", null, 8, LeadView::rating));
        if (form != null) {
            for (QualificationForm.Question question : form.questions()) {
                String key = question.key();
                String header = FIXED.contains(key) ? "answer:" + key : key;
                columns.add(new ExportColumn(key, header, "answers", 24, lead -> answer(lead.answers().get(key))));
            }
        }
        columns.add(new ExportColumn("tags", "tags", null, 24, LeadView::tags));
        columns.add(new ExportColumn("notes", "notes", null, 50, lead -> lead.notes().stream()
                .map(note -> names.apply(note.authorId()) + ": " + note.text()).toList()));
        columns.add(new ExportColumn("scannedBy", "scannedBy", null, 20, lead -> lead.scannedBy().stream().map(names).toList()));
        String zoneName = shownZone.equals(ZoneOffset.UTC) ? "UTC" : shownZone.getId();
        columns.add(new ExportColumn("firstScanAt", "firstScanAt (" + zoneName + ")", null, 20,
                lead -> lead.firstScanAt() == null ? null : lead.firstScanAt().atZone(shownZone)));
        columns.add(new ExportColumn("lastScanAt", "lastScanAt (" + zoneName + ")", null, 20,
                lead -> lead.lastScanAt() == null ? null : lead.lastScanAt().atZone(shownZone)));
        columns.add(new ExportColumn("scanCount", "scanCount", null, 10, LeadView::scanCount));
        // BADGE, LOOKUP for a visitor staff found in the directory (no badge read), or WALK_IN for one with no
        // registration whose details staff typed in with their consent: sales may check who they are.
        columns.add(new ExportColumn("source", "source", null, 10, lead -> lead.source().name()));
        columns.add(new ExportColumn("leadId", "leadId", null, 38, LeadView::leadId));
        return new ExportLayout(columns);
    }

    /**
     * The attendee fields, in export order, that at least one of the leads shows: the columns for a
     * caller that knows the leads but not the edition's visibility setting (their attendee is
     * already what the exhibitor may see).
     */
    public static List<String> fieldsShownBy(Collection<LeadView> leads) {
        return ATTENDEE_FIELDS.stream().filter(field -> leads.stream().anyMatch(lead -> attendeeField(lead.attendee(), field) != null)).toList();
    }

    /** The column headers of the CSV and XLSX files, in column order. */
    public List<String> headers() {
        return columns.stream().map(ExportColumn::header).toList();
    }

    List<ExportColumn> columns() {
        return columns;
    }

    /**
     * A value as spreadsheet text: lists joined (notes with {@value #NOTE_SEPARATOR}, others with
     * {@value #LIST_SEPARATOR}), yes or no, times as {@code 2026-11-24 09:05:00} in the file's zone.
     */
    static String text(ExportColumn column, Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return String.join(column.key().equals("notes") && column.group() == null ? NOTE_SEPARATOR : LIST_SEPARATOR,
                    list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Boolean yes) {
            return yes ? "yes" : "no";
        }
        if (value instanceof ZonedDateTime time) {
            return LOCAL_TIME.format(time);
        }
        return value.toString();
    }

    private static Object answer(Object stored) {
        if (stored instanceof List<?> chosen) {
            return chosen.stream().map(String::valueOf).toList();
        }
        if (stored instanceof Map<?, ?> other) {
            return other.toString();
        }
        return stored;
    }

    private static String attendeeField(AttendeeView attendee, String field) {
        return switch (field) {
            case "firstName" -> attendee.firstName();
            case "lastName" -> attendee.lastName();
            case "company" -> attendee.company();
            case "jobTitle" -> attendee.jobTitle();
            case "email" -> attendee.email();
            case "phone" -> attendee.phone();
            case "country" -> attendee.country();
            default -> null;
        };
    }
}
