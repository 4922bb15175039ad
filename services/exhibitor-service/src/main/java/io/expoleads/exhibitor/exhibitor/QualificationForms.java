package io.expoleads.exhibitor.exhibitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.expoleads.events.QualificationForm;

/**
 * Every version of the exhibitor's lead qualification questions: a different set of questions is a
 * new version, and earlier versions stay for the leads answered on them.
 *
 * @param versions oldest first; the last is the current form
 */
public record QualificationForms(List<QualificationForm> versions) {

    /** No form yet: an application's. */
    public static final QualificationForms NONE = new QualificationForms(List.of());

    public QualificationForms {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    /** The current form, or null before the first one. */
    public QualificationForm current() {
        return versions.isEmpty() ? null : versions.get(versions.size() - 1);
    }

    public Optional<QualificationForm> version(int version) {
        return versions.stream().filter(form -> form.version() == version).findFirst();
    }

    /** @return the forms with these questions as the next version, or empty when they are the current ones */
    Optional<QualificationForms> defined(List<QualificationForm.Question> questions) {
        QualificationForm current = current();
        if (current != null && current.questions().equals(questions)) {
            return Optional.empty();
        }
        List<QualificationForm> next = new ArrayList<>(versions);
        next.add(new QualificationForm(current == null ? 1 : current.version() + 1, questions));
        return Optional.of(new QualificationForms(next));
    }
}
