package io.expoleads.lead.lead;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCursor;
import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadSource;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.Sealed;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.lead.edition.EditionDates;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.leadfiles.ExportFormat;
import io.expoleads.leadfiles.ExportLayout;
import io.expoleads.leadfiles.LeadRowWriter;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an exhibitor's leads to a stream in constant memory: the leads are read through a store
 * cursor ({@value #BATCH} at a time, without their scans and pending events), in the order of their
 * first scan, and each is written before the next is read, as its {@code LeadView} with the attendee
 * as the exhibitor may see them now. {@code since} selects the leads captured or changed
 * ({@code updatedAt}, the service's clock) at or after that time.
 */
@Service
class LeadExporter {

    static final int BATCH = 500;

    private final MongoTemplate mongo;
    private final AttendeeDirectory attendees;
    private final BoothExhibitors exhibitors;
    private final EditionCalendar editions;
    private final JsonMapper json;

    LeadExporter(MongoTemplate mongo, AttendeeDirectory attendees, BoothExhibitors exhibitors, EditionCalendar editions,
                 JsonMapper json) {
        this.mongo = mongo;
        this.attendees = attendees;
        this.exhibitors = exhibitors;
        this.editions = editions;
        this.json = json;
        // An exhibitor's leads in the order of their first scan, read from an index instead of sorted in memory.
        mongo.indexOps(LeadStore.COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC)
                .on("firstScanAt", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("export_order"));
    }

    /**
     * The columns of the exhibitor's export as of now: its edition's visible fields, its current
     * form, its edition's zone, its team's names.
     */
    ExportLayout layout(BoothExhibitor exhibitor) {
        String editionId = exhibitor == null ? null : exhibitor.editionId();
        QualificationForm form = exhibitor == null ? null : exhibitor.form(null).orElse(null);
        EditionDates dates = editionId == null ? null : editions.find(editionId).orElse(null);
        return ExportLayout.of(editionId == null ? List.of() : attendees.visibleFields(editionId), form,
                dates == null ? null : dates.zone(), exhibitor == null ? UnaryOperator.identity() : exhibitor::nameOf);
    }

    ExportLayout layout(String exhibitorId) {
        return layout(exhibitors.find(exhibitorId).orElse(null));
    }

    /**
     * The exhibitor's leads (captured or changed at or after {@code since}) in export order, without
     * what is not exported, as the store keeps them: read as documents, not mapped by Spring Data.
     */
    static FindIterable<Document> documents(MongoTemplate mongo, String exhibitorId, Instant since) {
        Document filter = new Document("exhibitorId", exhibitorId);
        if (since != null) {
            filter.append("updatedAt", new Document("$gte", Date.from(since)));
        }
        return mongo.getCollection(LeadStore.COLLECTION).find(filter)
                .sort(new Document("firstScanAt", 1).append("_id", 1))
                .projection(new Document("outbox", 0).append("scans", 0).append("searchText", 0).append("flags", 0))
                .batchSize(BATCH);
    }

    /**
     * The lead of a stored document as {@link #documents} reads it, through the lead's own constructor,
     * without its scans, pending events, search text and flags, which the export leaves out: the same lead
     * Spring Data's mapping makes of it (LeadExportIT compares them). Spring Data's mapping, which
     * instantiates each record and reads each property through its generic machinery, was 70 % of an
     * export's samples on lead-service's side (JFR on LeadExportVolumeIT).
     */
    static Lead lead(Document stored) {
        return new Lead(stored.getString("_id"), stored.getString("exhibitorId"), stored.getString("editionId"),
                stored.getString("attendeeId"), attendee(stored.get("attendee", Document.class)), null, null,
                number(stored, "scanCount", 0).intValue(), instant(stored, "firstScanAt"), instant(stored, "lastScanAt"),
                stored.getString("lastScannedBy"), strings(stored, "scannedBy"), integer(stored, "rating"),
                integer(stored, "formVersion"), answers(stored.get("answers", Document.class)), strings(stored, "tags"),
                Boolean.TRUE.equals(stored.getBoolean("followUp")), notes(stored), null, instant(stored, "updatedAt"),
                number(stored, "revision", 0L).longValue(), null, instant(stored, "erasedAt"),
                stored.getString("source") == null ? null : LeadSource.valueOf(stored.getString("source")));
    }

    private static AttendeeView attendee(Document attendee) {
        if (attendee == null) {
            return null;
        }
        Document sealed = attendee.get("sealed", Document.class);
        return new AttendeeView(attendee.getString("attendeeId"), attendee.getString("editionId"),
                attendee.getString("registrationId"), attendee.getString("firstName"), attendee.getString("lastName"),
                attendee.getString("company"), attendee.getString("jobTitle"), attendee.getString("email"),
                attendee.getString("phone"), attendee.getString("country"), Boolean.TRUE.equals(attendee.getBoolean("shareContact")),
                sealed == null ? null : new Sealed(sealed.getString("keyId"), sealed.getString("ciphertext")));
    }

    private static List<LeadNote> notes(Document stored) {
        List<Document> notes = stored.getList("notes", Document.class);
        if (notes == null) {
            return null;
        }
        List<LeadNote> read = new ArrayList<>(notes.size());
        for (Document note : notes) {
            read.add(new LeadNote(note.getString("authorId"), note.getString("text"), instant(note, "updatedAt")));
        }
        return read;
    }

    /** The answers as Spring Data reads a {@code Map<String, Object>}: nested documents as maps, arrays as lists. */
    private static Map<String, Object> answers(Document answers) {
        if (answers == null) {
            return null;
        }
        Map<String, Object> read = new LinkedHashMap<>();
        answers.forEach((key, value) -> read.put(key, plain(value)));
        return read;
    }

    private static Object plain(Object value) {
        if (value instanceof Document nested) {
            Map<String, Object> map = new LinkedHashMap<>();
            nested.forEach((key, inner) -> map.put(key, plain(inner)));
            return map;
        }
        if (value instanceof List<?> list) {
            List<Object> read = new ArrayList<>(list.size());
            list.forEach(element -> read.add(plain(element)));
            return read;
        }
        return value;
    }

    private static List<String> strings(Document stored, String field) {
        return stored.getList(field, String.class);
    }

    private static Instant instant(Document stored, String field) {
        Date date = stored.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static Integer integer(Document stored, String field) {
        Number number = stored.get(field, Number.class);
        return number == null ? null : number.intValue();
    }

    private static Number number(Document stored, String field, Number absent) {
        Number number = stored.get(field, Number.class);
        return number == null ? absent : number;
    }

    /**
     * Writes the header and every lead of the exhibitor (captured or changed at or after
     * {@code since}, when given), counting in {@code rows} each lead written, so the count is known
     * however the writing ends.
     */
    void write(String exhibitorId, Instant since, ExportFormat format, ExportLayout layout, OutputStream out, AtomicLong rows)
            throws IOException {
        try (LeadRowWriter writer = LeadRowWriter.of(format, layout, out, json)) {
            writer.header();
            try (MongoCursor<Document> leads = documents(mongo, exhibitorId, since).cursor()) {
                while (leads.hasNext()) {
                    Lead lead = lead(leads.next());
                    writer.row(lead.viewShowing(attendees.visibleNow(lead.attendee())));
                    rows.incrementAndGet();
                }
            }
            // The cursor is closed before the rest is written out (all of an XLSX workbook is written at the end).
            writer.finish();
        }
    }
}
