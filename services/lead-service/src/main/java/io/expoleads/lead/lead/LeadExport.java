package io.expoleads.lead.lead;

import java.time.Instant;

/**
 * One export of an exhibitor's leads, as its log keeps it in {@code lead_exports}.
 *
 * @param requestedBy the staff id, or the account of an admin, that asked for it
 * @param role        the caller's role, {@code EXHIBITOR_ADMIN} or {@code STAFF}
 * @param format      csv, xlsx or jsonl
 * @param sinceMode   {@code all}, {@code time} (a {@code since} time given) or {@code last} (since the caller's previous export)
 * @param since       the leads exported were captured or changed ({@code updatedAt}) at or after this; null for all
 * @param startedAt   when the leads were read; the next {@code since=last} export starts from here
 * @param finishedAt  when the last row was written or the client went away; null while running
 * @param rows        the leads written
 * @param status      {@code RUNNING}, {@code COMPLETE}, or {@code INCOMPLETE} when the client went away or the store failed midway
 */
public record LeadExport(String id, String exhibitorId, String editionId, String requestedBy, String role, String format,
                         String sinceMode, Instant since, Instant startedAt, Instant finishedAt, long rows, String status) {

    static final String RUNNING = "RUNNING";
    static final String COMPLETE = "COMPLETE";
    static final String INCOMPLETE = "INCOMPLETE";
}
