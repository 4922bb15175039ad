package io.expoleads.exhibitor.exhibitor;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.exhibitor.edition.EditionDirectory;
import io.expoleads.exhibitor.identity.Caller;
import io.expoleads.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Applications and the exhibitor lifecycle over HTTP. */
@RestController
class ExhibitorController {

    private final ExhibitorOnboarding onboarding;
    private final EditionDirectory editions;

    ExhibitorController(ExhibitorOnboarding onboarding, EditionDirectory editions) {
        this.onboarding = onboarding;
        this.editions = editions;
    }

    record Application(
            @NotBlank @Size(max = 200) String companyName,
            @Size(max = 64) String legalId,
            Sector sector,
            @Size(max = 300) @Pattern(regexp = WEBSITE, message = "must be an http(s) address") String website,
            @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 alpha-2 country code such as MA") String country,
            @NotBlank @Size(max = 200) String contactName,
            @NotBlank @Email @Size(max = 254) String contactEmail,
            @Pattern(regexp = "fr|en|ar", message = "must be fr, en or ar") String language,
            @Size(max = 20) List<@NotBlank @Email @Size(max = 254) String> salesEmails,
            @DecimalMin(value = "1", message = "must be at least 1 square metre") @DecimalMax("10000") Double requestedBoothArea,
            @Min(0) @Max(100) Integer requestedSeats,
            @NotBlank @Size(min = 12, max = 200, message = "must be 12 to 200 characters") String password) {
    }

    /** What the admin may change; absent fields stay. Status, seats, booth and ids are not among them. */
    record ProfileChanges(
            @Size(min = 1, max = 200) String companyName,
            @Size(max = 64) String legalId,
            Sector sector,
            @Size(max = 300) @Pattern(regexp = WEBSITE, message = "must be an http(s) address") String website,
            @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 alpha-2 country code such as MA") String country,
            @Size(min = 1, max = 200) String contactName,
            @Pattern(regexp = "fr|en|ar", message = "must be fr, en or ar") String language,
            @Size(max = 20) List<@NotBlank @Email @Size(max = 254) String> salesEmails,
            @DecimalMin(value = "1", message = "must be at least 1 square metre") @DecimalMax("10000") Double requestedBoothArea,
            @Min(0) @Max(100) Integer requestedSeats) {

        ExhibitorProfile applyTo(ExhibitorProfile profile) {
            return checked(new ExhibitorProfile(
                    companyName == null ? profile.companyName() : companyName.strip(),
                    legalId == null ? profile.legalId() : legalId.strip(),
                    sector == null ? profile.sector() : sector,
                    website == null ? profile.website() : website,
                    country == null ? profile.country() : country,
                    contactName == null ? profile.contactName() : contactName.strip(),
                    profile.contactEmail(),
                    language == null ? profile.language() : language,
                    salesEmails == null ? profile.salesEmails() : salesEmails,
                    requestedBoothArea == null ? profile.requestedBoothArea() : requestedBoothArea,
                    requestedSeats == null ? profile.requestedSeats() : requestedSeats));
        }
    }

    private static final String WEBSITE = "https?://[^\\s]+";
    private static final java.util.regex.Pattern ICE = java.util.regex.Pattern.compile("\\d{15}");

    /** A Moroccan company's legal id is its ICE: 15 digits. */
    static ExhibitorProfile checked(ExhibitorProfile profile) {
        if ("MA".equals(profile.country()) && profile.legalId() != null && !profile.legalId().isBlank()
                && !ICE.matcher(profile.legalId()).matches()) {
            throw ApiException.invalidField("legalId", "a Moroccan company's ICE has 15 digits");
        }
        return profile;
    }

    record Rejection(@NotBlank @Size(max = 2000) String reason) {
    }

    record ExhibitorResponse(String id, String editionId, long revision, ExhibitorStatus status,
                             ExhibitorProfile profile, String boothCode, int seats, String rejectionReason,
                             Instant createdAt, List<StaffMember> staff, List<ChangeRecord> history) {

        static ExhibitorResponse of(Exhibitor exhibitor) {
            return new ExhibitorResponse(exhibitor.id(), exhibitor.editionId(), exhibitor.revision(), exhibitor.status(),
                    exhibitor.profile(), exhibitor.boothCode(), exhibitor.team().seats(), exhibitor.rejectionReason(),
                    exhibitor.createdAt(), exhibitor.team().members(), exhibitor.history().changes());
        }
    }

    @PostMapping("/api/editions/{editionId}/exhibitors")
    ResponseEntity<ExhibitorResponse> apply(@PathVariable String editionId, @Valid @RequestBody Application request) {
        if (!editions.exists(editionId)) {
            throw ApiException.notFound("Edition", editionId);
        }
        ExhibitorProfile profile = checked(new ExhibitorProfile(request.companyName().strip(),
                request.legalId() == null ? null : request.legalId().strip(), request.sector(),
                request.website(), request.country(), request.contactName().strip(), request.contactEmail(),
                request.language() == null ? "fr" : request.language(), request.salesEmails(),
                request.requestedBoothArea(), request.requestedSeats()));
        Exhibitor exhibitor = onboarding.apply(editionId, profile, request.password());
        return ResponseEntity.created(URI.create("/api/exhibitors/" + exhibitor.id())).body(ExhibitorResponse.of(exhibitor));
    }

    @GetMapping("/api/exhibitors/{id}")
    ExhibitorResponse read(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        Caller.of(token).requireOrganizerOrMemberOf(id);
        return ExhibitorResponse.of(onboarding.find(id));
    }

    @PatchMapping("/api/exhibitors/{id}")
    ExhibitorResponse change(@PathVariable String id, @Valid @RequestBody ProfileChanges changes, @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        return ExhibitorResponse.of(onboarding.changeProfile(id, caller.account(), changes::applyTo));
    }

    @PostMapping("/api/exhibitors/{id}/submit")
    ExhibitorResponse submit(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        return ExhibitorResponse.of(onboarding.submit(id, caller.account()));
    }

    @PostMapping("/api/exhibitors/{id}/approve")
    ExhibitorResponse approve(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        return ExhibitorResponse.of(onboarding.approve(id, Caller.of(token).account()));
    }

    @PostMapping("/api/exhibitors/{id}/reject")
    ExhibitorResponse reject(@PathVariable String id, @Valid @RequestBody Rejection rejection, @AuthenticationPrincipal Jwt token) {
        return ExhibitorResponse.of(onboarding.reject(id, Caller.of(token).account(), rejection.reason().strip()));
    }

    @PostMapping("/api/exhibitors/{id}/withdraw")
    ExhibitorResponse withdraw(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        return ExhibitorResponse.of(onboarding.withdraw(id, caller.account()));
    }
}
