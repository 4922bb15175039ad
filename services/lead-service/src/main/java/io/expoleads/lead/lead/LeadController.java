package io.expoleads.lead.lead;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadSource;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.ScanFlag;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A lead's detail with its scan history and notes, and its qualification by the exhibitor's team. */
@RestController
class LeadController {

    private static final Set<String> EDITABLE = Set.of("rating", "formVersion", "answers", "tags", "addTags", "removeTags",
            "followUp", "note");

    private final LeadStore leads;
    private final LeadQualifications qualifications;
    private final BoothExhibitors exhibitors;
    private final AttendeeDirectory attendees;
    private final LeadAccess access;
    private final Clock clock;

    LeadController(LeadStore leads, LeadQualifications qualifications, BoothExhibitors exhibitors, AttendeeDirectory attendees, LeadAccess access, Clock clock) {
        this.clock = clock;
        this.leads = leads;
        this.qualifications = qualifications;
        this.exhibitors = exhibitors;
        this.attendees = attendees;
        this.access = access;
    }

    record LeadDetail(String id, String exhibitorId, String editionId, AttendeeView attendee, int scanCount,
                      Instant firstScanAt, Instant lastScanAt, String lastScannedBy, List<String> scannedBy,
                      Integer rating, Integer formVersion, Map<String, Object> answers, List<String> tags,
                      boolean followUp, List<LeadNote> notes, List<ScanFlag> flags, Instant updatedAt, long revision,
                      List<ScanRecord> scans, LeadSource source) {

        static LeadDetail of(Lead lead, AttendeeView shown) {
            return new LeadDetail(lead.id(), lead.exhibitorId(), lead.editionId(), shown, lead.scanCount(),
                    lead.firstScanAt(), lead.lastScanAt(), lead.lastScannedBy(), lead.scannedBy(), lead.rating(),
                    lead.formVersion(), lead.answers(), lead.tags(), lead.followUp(), lead.notes(), lead.flags(),
                    lead.updatedAt(), lead.revision(), lead.scans(), lead.source());
        }
    }

    @GetMapping("/api/leads/{leadId}")
    LeadDetail read(@PathVariable String leadId, @AuthenticationPrincipal Jwt token) {
        return detail(readable(leadId, Tenant.of(token)));
    }

    /**
     * Changes only what the body names (JSON merge patch): {@code rating} (1 to 5, null clears),
     * {@code answers} by question key (null removes one) on {@code formVersion} (default: the
     * current form), {@code tags} (replaces all), {@code addTags}, {@code removeTags},
     * {@code followUp}, and {@code note}: the caller's own note (null or blank deletes it).
     */
    @PatchMapping(path = "/api/leads/{leadId}", consumes = {"application/json", "application/merge-patch+json"})
    LeadDetail qualify(@PathVariable String leadId, @RequestBody ObjectNode body, @AuthenticationPrincipal Jwt token) {
        Tenant caller = Tenant.of(token);
        Lead lead = readable(leadId, caller);
        Map<String, String> problems = new LinkedHashMap<>();
        body.propertyNames().forEach(field -> {
            if (!EDITABLE.contains(field)) {
                problems.put(field, "is not a field of a lead's qualification; use " + EDITABLE);
            }
        });
        boolean changesRating = body.has("rating");
        Integer rating = null;
        if (changesRating && !body.get("rating").isNull()) {
            JsonNode value = body.get("rating");
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 5) {
                problems.put("rating", "must be a whole number from 1 to 5, or null");
            } else {
                rating = value.asInt();
            }
        }
        Integer formVersion = null;
        if (body.has("formVersion") && !body.get("formVersion").isNull()) {
            if (!body.get("formVersion").isIntegralNumber() || !body.get("formVersion").canConvertToInt()) {
                problems.put("formVersion", "must be a whole number");
            } else {
                formVersion = body.get("formVersion").asInt();
            }
        }
        Map<String, Object> answers = new HashMap<>();
        if (body.has("answers") && !body.get("answers").isNull()) {
            JsonNode given = body.get("answers");
            if (!given.isObject()) {
                problems.put("answers", "must be an object of answers by question key");
            } else {
                BoothExhibitor exhibitor = exhibitors.find(lead.exhibitorId())
                        .orElseThrow(() -> ApiException.notFound("Lead", leadId));
                QualificationForm form = exhibitor.form(formVersion).orElse(null);
                if (form == null) {
                    problems.put(formVersion == null ? "answers" : "formVersion", formVersion == null
                            ? "the exhibitor has no qualification form" : "form version " + formVersion + " is unknown");
                } else {
                    Map<String, JsonNode> raw = new LinkedHashMap<>();
                    given.properties().forEach(entry -> raw.put(entry.getKey(), entry.getValue()));
                    if (lead.formVersion() != null && form.version() < lead.formVersion()) {
                        throw ApiException.conflict("The lead's answers follow form version " + lead.formVersion()
                                + "; answers on version " + form.version() + " cannot replace them").withProperty("reason", "OLDER_FORM_VERSION");
                    }
                    Answers.Checked checked = Answers.check(form, raw, "answers");
                    problems.putAll(checked.problems());
                    answers.putAll(checked.values());
                    formVersion = form.version();
                }
            }
        }
        Set<String> replaceTags = body.has("tags") ? Answers.tags(strings(body, "tags", problems), "tags", problems) : null;
        Set<String> addTags = Answers.tags(strings(body, "addTags", problems), "addTags", problems);
        Set<String> removeTags = Answers.tags(strings(body, "removeTags", problems), "removeTags", problems);
        Boolean followUp = null;
        if (body.has("followUp")) {
            if (!body.get("followUp").isBoolean()) {
                problems.put("followUp", "must be true or false");
            } else {
                followUp = body.get("followUp").asBoolean();
            }
        }
        boolean changesNote = body.has("note");
        String note = null;
        if (changesNote && !body.get("note").isNull()) {
            if (!body.get("note").isString()) {
                problems.put("note", "must be a text, or null to delete your note");
            } else if (body.get("note").asString().length() > Lead.MAX_NOTE) {
                problems.put("note", "must be at most " + Lead.MAX_NOTE + " characters");
            } else {
                note = body.get("note").asString();
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalidFields(problems);
        }
        Qualification change = new Qualification(authorOf(caller), clock.instant(), changesRating, rating, formVersion,
                answers, replaceTags, addTags, removeTags, followUp, changesNote, note);
        return detail(qualifications.qualify(lead.id(), change));
    }

    private LeadDetail detail(Lead lead) {
        return LeadDetail.of(lead, attendees.visibleNow(lead.attendee()));
    }

    /** The note author: the staff member, else the account (an exhibitor admin or a booth device). */
    static String authorOf(Tenant caller) {
        return caller.staffId() != null ? caller.staffId() : caller.account();
    }

    private Lead readable(String leadId, Tenant caller) {
        Lead lead = leads.find(leadId).orElseThrow(() -> ApiException.notFound("Lead", leadId));
        access.require(caller, lead.exhibitorId(), "Lead", leadId);
        return lead;
    }

    private static List<String> strings(ObjectNode body, String field, Map<String, String> problems) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            problems.put(field, "must be a list of texts");
            return null;
        }
        List<String> texts = new java.util.ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString()) {
                problems.put(field, "must be a list of texts");
                return null;
            }
            texts.add(item.asString());
        }
        return texts;
    }
}
