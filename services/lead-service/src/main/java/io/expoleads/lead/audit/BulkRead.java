package io.expoleads.lead.audit;

import java.time.Instant;

import org.springframework.data.annotation.Id;

/**
 * One entry of an edition's audit log: a bulk read of visitors' personal data. It names who read
 * (an account id, which for an exhibitor's admin is the email they sign in with, and a role; never a
 * digest recipient's address), what (kind, edition, exhibitor), when and how many
 * visitor rows, and nothing of the visitors themselves.
 *
 * @param kind     {@link #EXPORT}, {@link #VISITOR_LIST}, {@link #BADGE_CODE}, {@link #DIGEST_ATTACHMENT} or {@link #DIRECTORY_SEARCH}
 * @param account  the reader's account id (the staff id of a booth member); {@code notification-service} for a digest
 * @param role     ORGANIZER, EXHIBITOR_ADMIN, STAFF, or SERVICE for a digest
 * @param at       when the read began (an export's start, the first page of a visitor list in its hour)
 * @param lastAt   when the last read this entry counts happened
 * @param visitors how many visitor rows were read (a visitor read twice counts twice)
 * @param reads    how many requests this entry counts: a visitor list read page by page, or badge
 *                 codes shown one by one, add up within the hour in one entry per reader
 * @param reference the export's or delivery's id, when there is one
 */
public record BulkRead(
        @Id String id,
        String editionId,
        String kind,
        String exhibitorId,
        String account,
        String role,
        Instant at,
        Instant lastAt,
        long visitors,
        long reads,
        String reference) {

    public static final String EXPORT = "EXPORT";
    public static final String VISITOR_LIST = "VISITOR_LIST";
    public static final String BADGE_CODE = "BADGE_CODE";
    /** Directory searches at a booth, for a visitor without a readable badge: counted per reader and hour. */
    public static final String DIRECTORY_SEARCH = "DIRECTORY_SEARCH";
    public static final String DIGEST_ATTACHMENT = "DIGEST_ATTACHMENT";
}
