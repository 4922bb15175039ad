package io.expoleads.lead.attendee;

import java.util.List;

/**
 * What an import did: how many rows it read, created, updated, found unchanged and refused; the
 * attendee id of every row it keeps (for badge printing); and each problem of the refused rows,
 * one entry per problem, so a row may appear more than once.
 *
 * @param rows         the data rows of the upload
 * @param rejectedRows how many of them were refused
 */
record ImportReport(int rows, int created, int updated, int unchanged, int rejectedRows, List<Imported> attendees,
                    List<Rejection> rejected) {

    /**
     * A row kept, with the attendee id its badge carries and what the row did: a new attendee
     * ({@code CREATED}), changed details ({@code UPDATED}), or the same details as already stored
     * ({@code UNCHANGED}).
     */
    record Imported(int row, String registrationId, String attendeeId, String outcome) {
    }

    /** A problem that made a row be refused: the row number, the field at fault and why. */
    record Rejection(int row, String field, String reason) {
    }
}
