package io.expoleads.exhibitor.booth;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.expoleads.exhibitor.edition.EditionDirectory;
import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.exhibitor.ExhibitorOnboarding;
import io.expoleads.exhibitor.exhibitor.ExhibitorWithdrawn;
import io.expoleads.platform.web.ApiException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Each edition's booths and who holds them. A booth is claimed by a single-document conditional
 * update (free, or already this exhibitor's), so of two organizers assigning one booth at the
 * same moment exactly one wins; the claim is then recorded on the exhibitor.
 */
@Service
class BoothInventory {

    static final String COLLECTION = "booths";
    private static final int MAX_ROWS = 5_000;
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).setIgnoreHeaderCase(true).get();

    private final MongoTemplate mongo;
    private final EditionDirectory editions;
    private final ExhibitorOnboarding exhibitors;

    BoothInventory(MongoTemplate mongo, EditionDirectory editions, ExhibitorOnboarding exhibitors) {
        this.mongo = mongo;
        this.editions = editions;
        this.exhibitors = exhibitors;
    }

    /** Adds or updates booths by code; a booth's holder is kept. */
    BoothImport define(String editionId, List<BoothSpec> specs) {
        List<String> halls = editions.halls(editionId);
        if (specs.size() > MAX_ROWS) {
            throw ApiException.invalid("At most " + MAX_ROWS + " booths at once; this has " + specs.size())
                    .withProperty("reason", "TOO_MANY_ROWS").withProperty("max", MAX_ROWS).withProperty("rows", specs.size());
        }
        List<BoothImport.Rejection> rejected = new ArrayList<>();
        int created = 0;
        int updated = 0;
        for (int index = 0; index < specs.size(); index++) {
            BoothSpec spec = specs.get(index);
            if (spec == null) {
                rejected.add(new BoothImport.Rejection(index + 1, "row", "is empty"));
                continue;
            }
            List<BoothImport.Rejection> problems = spec.problems(index + 1, halls);
            if (!problems.isEmpty()) {
                rejected.addAll(problems);
                continue;
            }
            String code = spec.code().strip();
            boolean inserted = mongo.upsert(Query.query(Criteria.where("_id").is(Booth.idOf(editionId, code))), new Update()
                    .setOnInsert("editionId", editionId)
                    .setOnInsert("code", code)
                    .set("hall", spec.hall().strip())
                    .set("areaSquareMetres", spec.area())
                    .set("category", spec.category() == null || spec.category().isBlank() ? null : spec.category().strip()),
                    COLLECTION).getUpsertedId() != null;
            if (inserted) {
                created++;
            } else {
                updated++;
            }
        }
        return new BoothImport(specs.size(), created, updated, rejected);
    }

    /** The same, from CSV with the header {@code code,hall,area,category}. */
    BoothImport importCsv(String editionId, Reader csv) {
        List<BoothSpec> specs = new ArrayList<>();
        try (CSVParser parser = CSV.parse(csv)) {
            for (String required : List.of("code", "hall", "area")) {
                if (!parser.getHeaderMap().containsKey(required)) {
                    throw ApiException.invalid("The CSV header must name the columns code, hall, area (and optionally category)")
                            .withProperty("reason", "CSV_BOOTH_HEADER");
                }
            }
            for (CSVRecord record : parser) {
                specs.add(new BoothSpec(record.get("code"), record.get("hall"), number(record.get("area")),
                        record.isMapped("category") && record.isSet("category") ? record.get("category") : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e instanceof ApiException) {
                throw e;
            }
            throw ApiException.invalid("The CSV cannot be read: " + e.getMessage()).withProperty("reason", "CSV_UNREADABLE");
        }
        return define(editionId, specs);
    }

    List<Booth> list(String editionId) {
        editions.halls(editionId);
        return mongo.find(Query.query(Criteria.where("editionId").is(editionId)).with(Sort.by("code")), Booth.class, COLLECTION);
    }

    /** Gives the booth to the exhibitor, freeing the one it held before. */
    Exhibitor assign(String exhibitorId, String code, String actor) {
        Exhibitor exhibitor = exhibitors.find(exhibitorId);
        String boothId = Booth.idOf(exhibitor.editionId(), code);
        if (!mongo.exists(Query.query(Criteria.where("_id").is(boothId)), COLLECTION)) {
            throw ApiException.notFound("Booth", code).withProperty("reason", "UNKNOWN_BOOTH").withProperty("booth", code);
        }
        boolean claimed = mongo.updateFirst(Query.query(Criteria.where("_id").is(boothId)
                        .orOperator(Criteria.where("exhibitorId").is(null), Criteria.where("exhibitorId").is(exhibitorId))),
                Update.update("exhibitorId", exhibitorId), COLLECTION).getMatchedCount() == 1;
        if (!claimed) {
            throw ApiException.conflict("Booth " + code + " is already assigned to another exhibitor")
                    .withProperty("reason", "BOOTH_TAKEN").withProperty("booth", code);
        }
        String previous = exhibitor.boothCode();
        Exhibitor assigned;
        try {
            assigned = exhibitors.assignBooth(exhibitorId, actor, code);
        } catch (RuntimeException e) {
            // Free the claim unless a concurrent request for the same exhibitor recorded it meanwhile.
            if (!code.equals(exhibitors.find(exhibitorId).boothCode())) {
                release(exhibitor.editionId(), code, exhibitorId);
            }
            throw e;
        }
        if (previous != null && !previous.equals(code)) {
            release(exhibitor.editionId(), previous, exhibitorId);
        }
        return assigned;
    }

    @EventListener
    void withdrawn(ExhibitorWithdrawn withdrawn) {
        mongo.updateMulti(Query.query(Criteria.where("editionId").is(withdrawn.editionId()).and("exhibitorId").is(withdrawn.exhibitorId())),
                new Update().unset("exhibitorId"), COLLECTION);
    }

    private void release(String editionId, String code, String exhibitorId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(Booth.idOf(editionId, code)).and("exhibitorId").is(exhibitorId)),
                new Update().unset("exhibitorId"), COLLECTION);
    }

    private static Double number(String text) {
        try {
            return text == null || text.isBlank() ? null : Double.valueOf(text.replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
