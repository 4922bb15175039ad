package io.expoleads.exhibitor.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.expoleads.events.QualificationForm;
import org.junit.jupiter.api.Test;

class QualificationFormsTest {

    private static QualificationForm.Question question(String key) {
        return new QualificationForm.Question(key, key, QualificationForm.QuestionType.FREE_TEXT, null, false);
    }

    @Test
    void each_different_set_of_questions_is_a_new_version_and_earlier_ones_stay() {
        assertThat(QualificationForms.NONE.current()).isNull();
        QualificationForms first = QualificationForms.NONE.defined(List.of(question("budget"))).orElseThrow();
        QualificationForms second = first.defined(List.of(question("budget"), question("fleet"))).orElseThrow();
        assertThat(second.current().version()).isEqualTo(2);
        assertThat(second.version(1)).get().extracting(QualificationForm::questions).asList().hasSize(1);
        assertThat(second.version(3)).isEmpty();
    }

    @Test
    void the_current_questions_again_make_no_new_version() {
        QualificationForms forms = QualificationForms.NONE.defined(List.of(question("budget"))).orElseThrow();
        assertThat(forms.defined(List.of(question("budget")))).isEmpty();
        assertThat(forms.defined(List.of()).orElseThrow().current().version()).as("emptying the form is a change too").isEqualTo(2);
    }
}
