package io.expoleads.lead.attendee;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.expoleads.platform.web.ApiException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.http.HttpStatus;

/**
 * A registration import sent as CSV. The header row names the columns with the field names of the
 * JSON import, in any order and any letter case ({@code registrationId} is required, the others
 * may be left out); each following row is one registration. A UTF-8 byte order mark is ignored.
 * Values are separated by commas, or by semicolons when the header row has semicolons and no comma
 * (as spreadsheets set to French write CSV).
 *
 * <p>Row numbers count data rows: the header is not counted, row 1 is the first row after it, and
 * blank lines are skipped without being counted. A file that is not CSV, or whose header is wrong,
 * is refused whole, before anything is imported.
 */
final class RegistrationCsv {

    /** The columns, by the names the JSON import uses for the same fields. */
    enum Column {
        REGISTRATION_ID("registrationId"), FIRST_NAME("firstName"), LAST_NAME("lastName"), COMPANY("company"),
        JOB_TITLE("jobTitle"), EMAIL("email"), PHONE("phone"), COUNTRY("country"), SHARE_CONTACT("shareContact");

        final String header;

        Column(String header) {
            this.header = header;
        }
    }

    /** The values of {@code shareContact} that mean yes, in English, as digits and in French. */
    private static final Set<String> YES = Set.of("true", "yes", "1", "oui");
    private static final Set<String> NO = Set.of("false", "no", "0", "non");
    private static final String SHARE_CONTACT_VALUES = "true, false, yes, no, 1, 0, oui or non";
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /**
     * The rows read, in order (a row whose values cannot make a registration is null), and the
     * problems found while reading, by row number.
     */
    record Rows(List<Registration> registrations, Map<Integer, List<ImportReport.Rejection>> problems) {
    }

    private RegistrationCsv() {
    }

    /**
     * @param maxRows more data rows than this refuse the whole file
     * @throws ApiException 400 when the body is not text in {@code charset}, not CSV, has a header
     *                      that does not name the columns, or has too many rows
     */
    static Rows read(byte[] body, Charset charset, int maxRows) {
        String text = decode(body, charset);
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw ApiException.invalid("The CSV is empty: it needs a header row naming its columns, such as registrationId,firstName,lastName")
                    .withProperty("reason", "CSV_EMPTY");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter(text)).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            var records = parser.iterator();
            Column[] columns = columns(records.next());
            List<Registration> registrations = new ArrayList<>();
            Map<Integer, List<ImportReport.Rejection>> problems = new HashMap<>();
            int rows = 0;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                rows++;
                if (rows > maxRows) {
                    continue;
                }
                registrations.add(registration(record, rows, columns, problems));
            }
            if (rows > maxRows) {
                throw ApiException.invalid("An import holds at most " + maxRows + " rows; this one has " + rows)
                        .withProperty("reason", "TOO_MANY_ROWS").withProperty("max", maxRows).withProperty("rows", rows);
            }
            return new Rows(registrations, problems);
        } catch (UncheckedIOException | IOException e) {
            Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
            throw new ApiException(HttpStatus.BAD_REQUEST, "Unreadable request",
                    "The body is not valid CSV: " + cause.getMessage() + "; nothing was imported").withProperty("reason", "CSV_UNREADABLE");
        }
    }

    /** Parses a {@code shareContact} value: null when blank, and also null (with a problem) when no yes or no. */
    static Boolean shareContact(String value, int row, Map<Integer, List<ImportReport.Rejection>> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String answer = value.strip().toLowerCase(Locale.ROOT);
        if (YES.contains(answer)) {
            return Boolean.TRUE;
        }
        if (NO.contains(answer)) {
            return Boolean.FALSE;
        }
        problems.computeIfAbsent(row, r -> new ArrayList<>())
                .add(new ImportReport.Rejection(row, "shareContact", "must be " + SHARE_CONTACT_VALUES));
        return null;
    }

    private static String decode(byte[] body, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalid("The CSV is not " + charset.name() + " text: save it as CSV UTF-8, or name its"
                    + " encoding in the Content-Type (text/csv; charset=...); nothing was imported")
                    .withProperty("reason", "CSV_ENCODING").withProperty("charset", charset.name());
        }
    }

    private static char delimiter(String text) {
        String header = text.lines().filter(line -> !line.isBlank()).findFirst().orElse("");
        return header.indexOf(';') >= 0 && header.indexOf(',') < 0 ? ';' : ',';
    }

    private static Column[] columns(CSVRecord header) {
        Column[] columns = new Column[header.size()];
        Set<String> unknown = new LinkedHashSet<>();
        Set<Column> seen = new LinkedHashSet<>();
        for (int index = 0; index < header.size(); index++) {
            String name = header.get(index).strip();
            if (name.isEmpty()) {
                throw ApiException.invalid("Column " + (index + 1) + " of the CSV header has no name; nothing was imported")
                        .withProperty("reason", "CSV_COLUMN_UNNAMED").withProperty("column", index + 1);
            }
            Column column = Arrays.stream(Column.values())
                    .filter(candidate -> candidate.header.equalsIgnoreCase(name)).findFirst().orElse(null);
            if (column == null) {
                unknown.add(name);
            } else if (!seen.add(column)) {
                throw ApiException.invalid("The CSV header names column " + column.header + " twice; nothing was imported")
                        .withProperty("reason", "CSV_COLUMN_TWICE").withProperty("column", column.header);
            }
            columns[index] = column;
        }
        if (!unknown.isEmpty()) {
            throw ApiException.invalid("The CSV header names unknown columns: " + String.join(", ", unknown)
                    + "; the columns are " + String.join(", ", Arrays.stream(Column.values()).map(c -> c.header).toList())
                    + "; nothing was imported").withProperty("reason", "CSV_UNKNOWN_COLUMNS")
                    .withProperty("columns", String.join(", ", unknown));
        }
        if (!seen.contains(Column.REGISTRATION_ID)) {
            throw ApiException.invalid("The CSV header has no registrationId column: each row needs the registration"
                    + " system's id; nothing was imported").withProperty("reason", "CSV_NO_REGISTRATION_ID");
        }
        return columns;
    }

    private static Registration registration(CSVRecord record, int row, Column[] columns,
                                             Map<Integer, List<ImportReport.Rejection>> problems) {
        if (record.size() != columns.length) {
            problems.computeIfAbsent(row, r -> new ArrayList<>()).add(new ImportReport.Rejection(row, "row",
                    "has " + record.size() + " values where the header names " + columns.length + " columns"));
            return null;
        }
        Map<Column, String> values = new HashMap<>();
        for (int index = 0; index < columns.length; index++) {
            values.put(columns[index], record.get(index));
        }
        return new Registration(values.get(Column.REGISTRATION_ID), values.get(Column.FIRST_NAME),
                values.get(Column.LAST_NAME), values.get(Column.COMPANY), values.get(Column.JOB_TITLE),
                values.get(Column.EMAIL), values.get(Column.PHONE), values.get(Column.COUNTRY),
                shareContact(values.get(Column.SHARE_CONTACT), row, problems));
    }
}
