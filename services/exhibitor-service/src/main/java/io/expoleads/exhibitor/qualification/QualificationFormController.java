package io.expoleads.exhibitor.qualification;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.expoleads.events.QualificationForm;
import io.expoleads.events.QualificationForm.QuestionType;
import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.exhibitor.ExhibitorOnboarding;
import io.expoleads.exhibitor.identity.Caller;
import io.expoleads.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The exhibitor's lead qualification questions: defined by its admin, read by its staff. */
@RestController
class QualificationFormController {

    static final int MAX_QUESTIONS = 20;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Set<QuestionType> CHOICES = Set.of(QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE);

    private final ExhibitorOnboarding exhibitors;

    QualificationFormController(ExhibitorOnboarding exhibitors) {
        this.exhibitors = exhibitors;
    }

    record QuestionInput(
            @NotBlank @Size(max = 40) String key,
            @NotBlank @Size(max = 200) String label,
            @NotNull QuestionType type,
            @Size(max = 20) List<@NotBlank @Size(max = 100) String> options,
            Boolean required) {
    }

    record FormInput(@NotNull @Size(max = MAX_QUESTIONS) List<@Valid @NotNull QuestionInput> questions) {
    }

    @PutMapping("/api/exhibitors/{id}/qualification-form")
    QualificationForm define(@PathVariable String id, @Valid @RequestBody FormInput input, @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        List<QualificationForm.Question> questions = checked(input.questions());
        Exhibitor exhibitor = exhibitors.defineForm(id, caller.account(), questions);
        return exhibitor.forms().current();
    }

    @GetMapping("/api/exhibitors/{id}/qualification-form")
    QualificationForm read(@PathVariable String id, @RequestParam(required = false) Integer version,
                           @AuthenticationPrincipal Jwt token) {
        Caller.of(token).requireOrganizerOrMemberOf(id);
        Exhibitor exhibitor = exhibitors.find(id);
        if (version != null) {
            return exhibitor.forms().version(version).orElseThrow(() -> ApiException.notFound("Form version", version.toString()));
        }
        QualificationForm form = exhibitor.forms().current();
        return form == null ? new QualificationForm(0, List.of()) : form;
    }

    /** Keys unique and machine-friendly; options exactly for the choice questions, distinct. */
    static List<QualificationForm.Question> checked(List<QuestionInput> inputs) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            QuestionInput input = inputs.get(i);
            String at = "questions[" + i + "]";
            if (!KEY.matcher(input.key()).matches()) {
                throw ApiException.invalidField(at + ".key", "must start with a letter and hold only a-z, 0-9 and _");
            }
            if (!keys.add(input.key())) {
                throw ApiException.invalidField(at + ".key", "is used by another question");
            }
            List<String> options = input.options() == null ? List.of() : input.options().stream().map(String::strip).toList();
            if (CHOICES.contains(input.type())) {
                if (options.size() < 2) {
                    throw ApiException.invalidField(at + ".options", "a choice question needs at least 2 options");
                }
                if (new HashSet<>(options).size() != options.size()) {
                    throw ApiException.invalidField(at + ".options", "options must be different");
                }
            } else if (!options.isEmpty()) {
                throw ApiException.invalidField(at + ".options", "only choice questions have options");
            }
        }
        return inputs.stream().map(input -> new QualificationForm.Question(input.key(), input.label().strip(), input.type(),
                input.options() == null ? List.of() : input.options().stream().map(String::strip).toList(),
                Boolean.TRUE.equals(input.required()))).toList();
    }
}
