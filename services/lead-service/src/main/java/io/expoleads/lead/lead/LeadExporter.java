package io.expoleads.lead.lead;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.expoleads.events.QualificationForm;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.lead.edition.EditionDates;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.leadfiles.ExportFormat;
import io.expoleads.leadfiles.ExportLayout;
import io.expoleads.leadfiles.LeadRowWriter;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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

    /** The exhibitor's leads (captured or changed at or after {@code since}) in export order, without what is not exported. */
    static Query query(String exhibitorId, Instant since) {
        Criteria filter = Criteria.where("exhibitorId").is(exhibitorId);
        if (since != null) {
            filter = filter.and("updatedAt").gte(since);
        }
        Query query = Query.query(filter).with(Sort.by(Sort.Direction.ASC, "firstScanAt").and(Sort.by(Sort.Direction.ASC, "_id")))
                .cursorBatchSize(BATCH);
        query.fields().exclude("outbox").exclude("scans").exclude("searchText").exclude("flags");
        return query;
    }

    /**
     * Writes the header and every lead of the exhibitor (captured or changed at or after
     * {@code since}, when given), counting in {@code rows} each lead written, so the count is known
     * however the writing ends.
     */
    void write(String exhibitorId, Instant since, ExportFormat format, ExportLayout layout, OutputStream out, AtomicLong rows)
            throws IOException {
        Query query = query(exhibitorId, since);
        try (LeadRowWriter writer = LeadRowWriter.of(format, layout, out, json)) {
            writer.header();
            try (Stream<Lead> leads = mongo.stream(query, Lead.class, LeadStore.COLLECTION)) {
                var iterator = leads.iterator();
                while (iterator.hasNext()) {
                    Lead lead = iterator.next();
                    writer.row(lead.viewShowing(attendees.visibleNow(lead.attendee())));
                    rows.incrementAndGet();
                }
            }
            // The cursor is closed before the rest is written out (all of an XLSX workbook is written at the end).
            writer.finish();
        }
    }
}
