package io.expoleads.notification.digest;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.expoleads.events.LeadView;

/**
 * The figures of a digest: how many new leads, how many at each rating (5 down to 1, then
 * unrated), the most used tags (case-insensitive, shown as first written, most used first, ties in
 * alphabetical order) and leads per staff member (a lead counts for every member who scanned it).
 */
record DigestSummary(int leads, Map<Integer, Long> byRating, long unrated, List<Map.Entry<String, Long>> topTags,
                     List<Map.Entry<String, Long>> perStaff) {

    static final int TOP_TAGS = 10;

    static DigestSummary of(List<LeadView> leads, Function<String, String> staffName) {
        Map<Integer, Long> byRating = new TreeMap<>(Comparator.reverseOrder());
        for (int rating = 5; rating >= 1; rating--) {
            byRating.put(rating, 0L);
        }
        long unrated = 0;
        Map<String, String> tagSpelling = new LinkedHashMap<>();
        Map<String, Long> tagCounts = new LinkedHashMap<>();
        Map<String, Long> staffCounts = new LinkedHashMap<>();
        for (LeadView lead : leads) {
            if (lead.rating() == null) {
                unrated++;
            } else {
                byRating.merge(lead.rating(), 1L, Long::sum);
            }
            lead.tags().stream().map(String::strip).filter(tag -> !tag.isEmpty()).distinct().forEach(tag -> {
                String key = tag.toLowerCase(Locale.ROOT);
                tagSpelling.putIfAbsent(key, tag);
                tagCounts.merge(key, 1L, Long::sum);
            });
            List<String> scanners = lead.scannedBy().isEmpty() && lead.lastScannedBy() != null ? List.of(lead.lastScannedBy()) : lead.scannedBy();
            scanners.stream().distinct().map(staffName).forEach(name -> staffCounts.merge(name, 1L, Long::sum));
        }
        Comparator<Map.Entry<String, Long>> mostFirst = Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey());
        List<Map.Entry<String, Long>> topTags = tagCounts.entrySet().stream()
                .map(entry -> Map.entry(tagSpelling.get(entry.getKey()), entry.getValue()))
                .sorted(mostFirst).limit(TOP_TAGS).toList();
        List<Map.Entry<String, Long>> perStaff = staffCounts.entrySet().stream().sorted(mostFirst)
                .collect(Collectors.toList());
        return new DigestSummary(leads.size(), byRating, unrated, topTags, List.copyOf(perStaff));
    }
}
