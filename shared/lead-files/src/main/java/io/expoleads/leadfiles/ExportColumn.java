package io.expoleads.leadfiles;

import java.util.function.Function;

import io.expoleads.events.LeadView;

/**
 * One column of a lead file; kept inside the module so the writers, not their callers, decide how
 * a value is shown.
 *
 * @param key    the member name in JSON Lines (within {@code group} when set)
 * @param header the header of the CSV and XLSX column
 * @param group  the JSON object the member belongs to ({@code answers}), or null for a top-level member
 * @param width  the XLSX column width, in characters
 * @param value  the typed value of a lead: text, a number, a {@code ZonedDateTime}, true or false, a list of texts, or null
 */
record ExportColumn(String key, String header, String group, int width, Function<LeadView, Object> value) {
}
