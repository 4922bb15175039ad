package io.expoleads.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Every problem detail names a reason the apps can say in their user's language. */
class ReasonsTest {

    @Test
    void a_refusal_without_a_reason_of_its_own_gets_its_kinds() {
        assertThat(Reasons.ensure(ProblemDetail.forStatus(HttpStatus.CONFLICT)).getProperties()).containsEntry("reason", "CONFLICT");
        assertThat(Reasons.ensure(ProblemDetail.forStatus(HttpStatus.NOT_FOUND)).getProperties()).containsEntry("reason", "NOT_FOUND");
        assertThat(Reasons.ensure(ProblemDetail.forStatus(HttpStatus.UNAUTHORIZED)).getProperties())
                .containsEntry("reason", "SIGN_IN_NEEDED");
        assertThat(Reasons.forStatus(HttpStatusCode.valueOf(502), false)).isEqualTo("INTERNAL_ERROR");
        assertThat(Reasons.forStatus(HttpStatusCode.valueOf(418), false)).isEqualTo("REFUSED");
    }

    @Test
    void fields_at_fault_are_invalid_fields_whatever_the_status() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("errors", List.of(Map.of("field", "halls[2]", "message", "must not be blank")));
        assertThat(Reasons.ensure(problem).getProperties()).containsEntry("reason", "INVALID_FIELDS");
    }

    @Test
    void a_reason_of_its_own_is_kept() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONFLICT);
        problem.setProperty("reason", "NO_SEAT_LEFT");
        assertThat(Reasons.ensure(problem).getProperties()).containsEntry("reason", "NO_SEAT_LEFT");
    }
}
