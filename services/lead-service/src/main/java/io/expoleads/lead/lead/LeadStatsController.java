package io.expoleads.lead.lead;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.platform.security.Tenant;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An exhibitor's lead counts: in total, by rating, per hour and per day of capture in the
 * edition's time zone, and per staff member. Computed from a projection of the exhibitor's leads
 * ({@link LeadQueries#tally}), streamed, so memory stays flat however many leads there are.
 */
@RestController
class LeadStatsController {

    private final LeadQueries queries;
    private final BoothExhibitors exhibitors;
    private final EditionCalendar editions;
    private final LeadAccess access;

    LeadStatsController(LeadQueries queries, BoothExhibitors exhibitors, EditionCalendar editions, LeadAccess access) {
        this.queries = queries;
        this.exhibitors = exhibitors;
        this.editions = editions;
        this.access = access;
    }

    /**
     * @param byRating  leads per rating, {@code "0"} for leads nobody rated
     * @param perHour   leads by the local hour of their first scan, in order
     * @param perDay    leads by the local day of their first scan, in order
     * @param perStaff  per scanner (staff member or device): leads they scanned and scans they made
     * @param timeZone  the edition's time zone the hours and days are counted in (UTC while unknown)
     */
    record LeadStats(String exhibitorId, String timeZone, long totalLeads, long totalScans, long followUps,
                     long flaggedLeads, Map<String, Long> byRating, List<Bucket> perHour, List<Bucket> perDay,
                     List<StaffCount> perStaff) {
    }

    record Bucket(String start, long leads) {
    }

    record StaffCount(String staffId, long leads, long scans) {
    }

    @GetMapping("/api/exhibitors/{exhibitorId}/stats")
    LeadStats stats(@PathVariable String exhibitorId, @AuthenticationPrincipal Jwt token) {
        access.requireExhibitor(Tenant.of(token), exhibitorId);
        ZoneId zone = exhibitors.find(exhibitorId).map(BoothExhibitor::editionId).flatMap(editions::find)
                .map(dates -> dates.zone()).orElse(ZoneOffset.UTC);
        Map<String, Long> byRating = new LinkedHashMap<>();
        for (int rating = 0; rating <= 5; rating++) {
            byRating.put(Integer.toString(rating), 0L);
        }
        Map<LocalDateTime, Long> perHour = new TreeMap<>();
        Map<LocalDate, Long> perDay = new TreeMap<>();
        Map<String, long[]> perStaff = new TreeMap<>();
        long[] totals = new long[4];
        queries.tally(exhibitorId, lead -> {
            totals[0]++;
            byRating.merge(lead.rating() == null ? "0" : lead.rating().toString(), 1L, Long::sum);
            LocalDateTime local = LocalDateTime.ofInstant(lead.firstScanAt(), zone);
            perHour.merge(local.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
            perDay.merge(local.toLocalDate(), 1L, Long::sum);
            if (lead.followUp()) {
                totals[2]++;
            }
            if (lead.flagged()) {
                totals[3]++;
            }
            totals[1] += lead.scans();
            Set<String> scanners = new HashSet<>();
            for (String scanner : lead.scanners()) {
                long[] counts = perStaff.computeIfAbsent(scanner, key -> new long[2]);
                counts[1]++;
                if (scanners.add(scanner)) {
                    counts[0]++;
                }
            }
        });
        List<Bucket> hours = new ArrayList<>();
        perHour.forEach((hour, count) -> hours.add(new Bucket(hour.toString(), count)));
        List<Bucket> days = new ArrayList<>();
        perDay.forEach((day, count) -> days.add(new Bucket(day.toString(), count)));
        List<StaffCount> staff = new ArrayList<>();
        perStaff.forEach((id, counts) -> staff.add(new StaffCount(id, counts[0], counts[1])));
        return new LeadStats(exhibitorId, zone.getId(), totals[0], totals[1], totals[2], totals[3], byRating, hours, days, staff);
    }
}
