package io.expoleads.lead.scan;

import java.util.List;

import io.expoleads.events.ScanFlag;

/** The answer to an offline queue: one result per scan, in the order they were sent. */
record BatchReceipt(int received, int accepted, int duplicates, int rejected, List<Result> results) {

    /**
     * @param reason  for a rejected scan, a stable code such as {@code BAD_SIGNATURE} or {@code REVOKED}
     * @param message for a rejected scan, what is wrong, in words
     */
    record Result(String scanId, ScanStatus status, String leadId, List<ScanFlag> flags, String reason, String message) {
    }

    static BatchReceipt of(List<Result> results) {
        int accepted = (int) results.stream().filter(result -> result.status() == ScanStatus.ACCEPTED).count();
        int duplicates = (int) results.stream().filter(result -> result.status() == ScanStatus.DUPLICATE).count();
        return new BatchReceipt(results.size(), accepted, duplicates, results.size() - accepted - duplicates, results);
    }
}
