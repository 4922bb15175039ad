package io.expoleads.events;

import java.util.List;

/**
 * The questions an exhibitor's staff answer about a lead, at one version. A lead keeps the version
 * its answers were given on.
 */
public record QualificationForm(int version, List<Question> questions) {

    public QualificationForm {
        questions = questions == null ? List.of() : List.copyOf(questions);
    }

    /** What kind of answer a question takes. */
    public enum QuestionType {
        SINGLE_CHOICE, MULTIPLE_CHOICE, FREE_TEXT, SCALE_1_TO_5, YES_NO
    }

    /**
     * @param key     stable name of the question within the form, used in answers and export columns
     * @param options the choices, for the two choice types only
     */
    public record Question(String key, String label, QuestionType type, List<String> options, boolean required) {

        public Question {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }
}
