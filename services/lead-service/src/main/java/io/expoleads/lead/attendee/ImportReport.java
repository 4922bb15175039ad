package io.expoleads.lead.attendee;

import java.util.List;

/** What an import did, row by row: the attendees it keeps and the rows it refused, with why. */
record ImportReport(int rows, int created, int updated, int unchanged, List<Imported> attendees,
                    List<Rejection> rejected) {

    record Imported(int row, String registrationId, String attendeeId) {
    }

    record Rejection(int row, String field, String reason) {
    }
}
