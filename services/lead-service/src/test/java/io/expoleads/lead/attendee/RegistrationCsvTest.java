package io.expoleads.lead.attendee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.expoleads.platform.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;

class RegistrationCsvTest {

    private static RegistrationCsv.Rows read(String csv) {
        return RegistrationCsv.read(csv.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, 100);
    }

    private static ApiException refused(String csv) {
        return refused(csv.getBytes(StandardCharsets.UTF_8), 100);
    }

    private static ApiException refused(byte[] csv, int maxRows) {
        try {
            RegistrationCsv.read(csv, StandardCharsets.UTF_8, maxRows);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            return e;
        }
        throw new AssertionError("the CSV was not refused");
    }

    @Test
    void header_names_match_in_any_case_and_order_after_a_byte_order_mark_and_names_keep_their_script() {
        RegistrationCsv.Rows rows = read("\uFEFFREGISTRATIONID,LastName,firstname,Company,JOBTITLE,email,Phone,country,ShareContact\r\n"
                + "R-1,العلوي,محمد,\"Société Générale, Maroc\",Directeur,m@example.ma,+212 600 000 000,MA,oui\r\n"
                + "R-2,Lefèvre-Ouazzani,Hélène,\"Le \"\"Grand\"\" Salon\",,,,FR,non\r\n");

        assertThat(rows.problems()).isEmpty();
        assertThat(rows.registrations()).containsExactly(
                new Registration("R-1", "محمد", "العلوي", "Société Générale, Maroc", "Directeur", "m@example.ma",
                        "+212 600 000 000", "MA", true),
                new Registration("R-2", "Hélène", "Lefèvre-Ouazzani", "Le \"Grand\" Salon", "", "", "", "FR", false));
    }

    @Test
    void only_registration_id_is_a_required_column_and_semicolons_separate_when_the_header_has_no_comma() {
        RegistrationCsv.Rows rows = read("lastName;registrationId\nBenali;R-1\n\"Idrissi; fils\";R-2\n");

        assertThat(rows.registrations()).extracting(Registration::registrationId, Registration::lastName, Registration::email)
                .containsExactly(tuple("R-1", "Benali", null),
                        tuple("R-2", "Idrissi; fils", null));
    }

    @Test
    void data_row_one_is_the_first_row_after_the_header_and_blank_lines_do_not_count() {
        RegistrationCsv.Rows rows = read("\n\nregistrationId,lastName,shareContact\n\nR-1,Benali,yes\n\nR-2,Idrissi,maybe\nR-3\n");

        assertThat(rows.registrations()).hasSize(3);
        assertThat(rows.registrations().get(0).registrationId()).isEqualTo("R-1");
        assertThat(rows.registrations().get(1).shareContact()).as("no yes or no").isNull();
        assertThat(rows.registrations().get(2)).as("too few values").isNull();
        assertThat(rows.problems().keySet()).containsExactlyInAnyOrder(2, 3);
        assertThat(rows.problems().get(2)).containsExactly(new ImportReport.Rejection(2, "shareContact",
                "must be true, false, yes, no, 1, 0, oui or non"));
        assertThat(rows.problems().get(3)).containsExactly(new ImportReport.Rejection(3, "row",
                "has 1 values where the header names 3 columns"));
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "yes,true", "Yes,true", "1,true", "oui,true", " OUI ,true",
            "false,false", "no,false", "0,false", "non,false", "Non,false"})
    void share_contact_is_a_yes_or_no_in_english_french_or_digits(String value, boolean expected) {
        RegistrationCsv.Rows rows = read("registrationId,lastName,shareContact\nR-1,Benali," + value + "\n");

        assertThat(rows.problems()).isEmpty();
        assertThat(rows.registrations().get(0).shareContact()).isEqualTo(expected);
    }

    @Test
    void a_blank_share_contact_is_no_answer_and_anything_else_is_a_problem() {
        RegistrationCsv.Rows rows = read("registrationId,lastName,shareContact\nR-1,Benali,\nR-2,Idrissi,si\nR-3,Alaoui,2\n");

        assertThat(rows.registrations().get(0).shareContact()).isNull();
        assertThat(rows.problems().get(1)).isNull();
        assertThat(rows.problems().get(2)).extracting(ImportReport.Rejection::field).containsExactly("shareContact");
        assertThat(rows.problems().get(3)).extracting(ImportReport.Rejection::field).containsExactly("shareContact");
    }

    @Test
    void unknown_columns_are_refused_by_name() {
        ApiException e = refused("registrationId,lastName,badgeType,Salle\nR-1,Benali,VIP,A\n");

        assertThat(e.getMessage()).contains("unknown columns: badgeType, Salle").contains("registrationId, firstName");
    }

    @Test
    void a_header_without_registration_id_twice_a_column_or_an_unnamed_column_is_refused() {
        assertThat(refused("firstName,lastName\nSalma,Benali\n").getMessage()).contains("no registrationId column");
        assertThat(refused("registrationId,email,Email\nR-1,a@b.ma,c@d.ma\n").getMessage()).contains("email twice");
        assertThat(refused("registrationId,,lastName\nR-1,,Benali\n").getMessage()).contains("Column 2").contains("no name");
    }

    @Test
    void a_file_that_is_not_csv_is_refused_whole() {
        ApiException unterminated = refused("registrationId,lastName\nR-1,Benali\nR-2,\"Idrissi\nR-3,Alaoui\n");
        assertThat(unterminated.title()).isEqualTo("Unreadable request");
        assertThat(unterminated.getMessage()).contains("not valid CSV").contains("EOF reached before encapsulated token finished");

        assertThat(refused("registrationId,lastName\nR-1,\"Benali\"x\n").getMessage()).contains("not valid CSV");
    }

    @Test
    void an_empty_body_or_one_with_only_a_byte_order_mark_is_refused() {
        assertThat(refused("").getMessage()).contains("empty");
        assertThat(refused("\uFEFF \r\n").getMessage()).contains("empty");
    }

    @Test
    void more_rows_than_the_limit_refuse_the_file_naming_the_limit() {
        String header = "registrationId,lastName\n";
        assertThat(RegistrationCsv.read((header + "R-1,A\nR-2,B\nR-3,C\n").getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, 3).registrations()).hasSize(3);

        ApiException e = refused((header + "R-1,A\nR-2,B\nR-3,C\nR-4,D\n").getBytes(StandardCharsets.UTF_8), 3);
        assertThat(e.getMessage()).contains("at most 3 rows").contains("has 4");
    }

    @Test
    void text_in_another_encoding_is_refused_unless_named() {
        byte[] latin1 = "registrationId,firstName\nR-1,Hélène\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(refused(latin1, 100).getMessage()).contains("not UTF-8");
        RegistrationCsv.Rows named = RegistrationCsv.read(latin1, StandardCharsets.ISO_8859_1, 100);
        assertThat(named.registrations()).extracting(Registration::firstName).isEqualTo(List.of("Hélène"));
    }
}
