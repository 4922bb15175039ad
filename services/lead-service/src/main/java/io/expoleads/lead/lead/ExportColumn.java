package io.expoleads.lead.lead;

import java.util.function.Function;

/**
 * One column of a lead export.
 *
 * @param key    the member name in JSON Lines (within {@code group} when set)
 * @param header the header of the CSV and XLSX column
 * @param group  the JSON object the member belongs to ({@code answers}), or null for a top-level member
 * @param width  the XLSX column width, in characters
 * @param value  the typed value of a lead: text, a number, a {@code ZonedDateTime}, true or false, a list of texts, or null
 */
record ExportColumn(String key, String header, String group, int width, Function<ExportLayout.Source, Object> value) {
}
