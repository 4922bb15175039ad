package io.expoleads.exhibitor.settings;

import java.util.List;

import io.expoleads.events.NotificationSettings;
import io.expoleads.events.QualificationForm;
import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.exhibitor.ExhibitorOnboarding;
import io.expoleads.exhibitor.identity.Caller;
import io.expoleads.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Where the exhibitor's leads go: sales emails, which leads alert at once, digests, the export format. */
@RestController
class NotificationSettingsController {

    private final ExhibitorOnboarding exhibitors;

    NotificationSettingsController(ExhibitorOnboarding exhibitors) {
        this.exhibitors = exhibitors;
    }

    record HotLeadInput(@Min(1) @Max(5) Integer minRating, @Size(max = 20) List<@NotBlank @Size(max = 40) String> tags,
                        @Size(max = 40) String questionKey, @Size(max = 100) String answer) {
    }

    record SettingsInput(
            @NotNull @Size(max = 20) List<@NotBlank @Email @Size(max = 254) String> salesEmails,
            @NotNull @Pattern(regexp = "ALL|HOT|NONE", message = "must be ALL, HOT or NONE") String alertOn,
            @Valid HotLeadInput hotLead,
            @NotNull @Pattern(regexp = "OFF|HOURLY|DAILY", message = "must be OFF, HOURLY or DAILY") String digest,
            @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a time such as 18:00") String digestTime,
            @NotNull @Pattern(regexp = "CSV|XLSX", message = "must be CSV or XLSX") String exportFormat) {
    }

    @PutMapping("/api/exhibitors/{id}/notification-settings")
    NotificationSettings change(@PathVariable String id, @Valid @RequestBody SettingsInput input, @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        NotificationSettings settings = checked(input, exhibitors.find(id).forms().current());
        return exhibitors.changeSettings(id, caller.account(), settings).routing().settings();
    }

    @GetMapping("/api/exhibitors/{id}/notification-settings")
    NotificationSettings read(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        Caller.of(token).requireAdminOf(id, true);
        Exhibitor exhibitor = exhibitors.find(id);
        return exhibitor.routing().inForce(exhibitor.profile());
    }

    /** A hot-lead rule that can match; an answer rule names a question of the current form. */
    static NotificationSettings checked(SettingsInput input, QualificationForm form) {
        if ("HOT".equals(input.alertOn()) && (input.hotLead() == null || !hasCondition(input.hotLead()))) {
            throw ApiException.invalidField("hotLead", "alerting on hot leads needs a rule with at least one condition");
        }
        if ("DAILY".equals(input.digest()) && input.digestTime() == null) {
            throw ApiException.invalidField("digestTime", "a daily digest needs its local time");
        }
        NotificationSettings.HotLeadRule rule = null;
        if (input.hotLead() != null) {
            HotLeadInput hot = input.hotLead();
            if ((hot.questionKey() == null) != (hot.answer() == null)) {
                throw ApiException.invalidField("hotLead.answer", "an answer rule needs both questionKey and answer");
            }
            if (hot.questionKey() != null && (form == null
                    || form.questions().stream().noneMatch(question -> question.key().equals(hot.questionKey())))) {
                throw ApiException.invalidField("hotLead.questionKey", "is not a question of the current qualification form");
            }
            rule = new NotificationSettings.HotLeadRule(hot.minRating(), hot.tags(), hot.questionKey(), hot.answer());
        }
        return new NotificationSettings(input.salesEmails(), input.alertOn(), rule, input.digest(),
                "DAILY".equals(input.digest()) ? input.digestTime() : null, input.exportFormat());
    }

    private static boolean hasCondition(HotLeadInput rule) {
        return rule.minRating() != null || (rule.tags() != null && !rule.tags().isEmpty()) || rule.questionKey() != null;
    }
}
