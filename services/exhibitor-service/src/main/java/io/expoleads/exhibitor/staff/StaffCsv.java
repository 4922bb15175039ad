package io.expoleads.exhibitor.staff;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.expoleads.platform.web.ApiException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads staff to invite from CSV (header {@code email,name}), checking each row. */
final class StaffCsv {

    static final int MAX_ROWS = 200;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).setIgnoreHeaderCase(true).get();

    private StaffCsv() {
    }

    /** A row; {@code problem} names what is wrong with it, or is null. Row numbers count the header as row 1. */
    record Row(int number, String email, String name, String field, String problem) {
    }

    static List<Row> read(String csv) {
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSV.parse(new StringReader(csv))) {
            if (!parser.getHeaderMap().containsKey("email") || !parser.getHeaderMap().containsKey("name")) {
                throw ApiException.invalid("The CSV header must name the columns email and name");
            }
            for (CSVRecord record : parser) {
                int number = (int) record.getRecordNumber() + 1;
                if (rows.size() == MAX_ROWS) {
                    throw ApiException.invalid("At most " + MAX_ROWS + " staff at once");
                }
                String email = record.isSet("email") ? record.get("email") : "";
                String name = record.isSet("name") ? record.get("name") : "";
                if (!EMAIL.matcher(email).matches() || email.length() > 254) {
                    rows.add(new Row(number, email, name, "email", "is not an email address"));
                } else if (name.isBlank() || name.length() > 200) {
                    rows.add(new Row(number, email, name, "name", "is required (at most 200 characters)"));
                } else {
                    rows.add(new Row(number, email, name, null, null));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e instanceof ApiException) {
                throw e;
            }
            throw ApiException.invalid("The CSV cannot be read: " + e.getMessage());
        }
        return rows;
    }
}
