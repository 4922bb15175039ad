package io.expoleads.exhibitor.staff;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.exhibitor.ExhibitorOnboarding;
import io.expoleads.exhibitor.exhibitor.StaffMember;
import io.expoleads.exhibitor.identity.Account;
import io.expoleads.exhibitor.identity.Caller;
import io.expoleads.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Seats, staff invitations and revocations over HTTP. */
@RestController
class StaffController {

    private final StaffInvitations invitations;
    private final ExhibitorOnboarding exhibitors;

    StaffController(StaffInvitations invitations, ExhibitorOnboarding exhibitors) {
        this.invitations = invitations;
        this.exhibitors = exhibitors;
    }

    record Seats(@NotNull @Min(0) @Max(500) Integer seats) {
    }

    record Invite(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 200) String name) {
    }

    record Acceptance(@NotBlank @Size(min = 12, max = 200, message = "must be 12 to 200 characters") String password) {
    }

    record Team(int seats, int seatsUsed, List<StaffMember> staff, List<PendingInvitation> pending) {
    }

    record PendingInvitation(String email, String name, Instant expiresAt) {
    }

    record Accepted(String username, String exhibitorId, String staffId) {
    }

    @PutMapping("/api/exhibitors/{id}/seats")
    Team seats(@PathVariable String id, @Valid @RequestBody Seats request, @AuthenticationPrincipal Jwt token) {
        return team(exhibitors.assignSeats(id, Caller.of(token).account(), request.seats()));
    }

    @GetMapping("/api/exhibitors/{id}/staff")
    Team read(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        Caller.of(token).requireAdminOf(id, true);
        return team(exhibitors.find(id));
    }

    @PostMapping("/api/exhibitors/{id}/staff")
    ResponseEntity<PendingInvitation> invite(@PathVariable String id, @Valid @RequestBody Invite request,
                                             @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        Invitation invitation = invitations.invite(id, request.email(), request.name().strip(), caller.account());
        return ResponseEntity.created(URI.create("/api/exhibitors/" + id + "/staff"))
                .body(new PendingInvitation(invitation.email(), invitation.name(), invitation.expiresAt()));
    }

    record InvitationReport(int rows, List<PendingInvitation> invited, List<RowProblem> rejected) {
    }

    record RowProblem(int row, String field, String reason) {
    }

    /** Invitations from a CSV with the header {@code email,name}; each row is invited or reported. */
    @PostMapping(path = "/api/exhibitors/{id}/staff/import", consumes = "text/csv")
    InvitationReport importCsv(@PathVariable String id, @RequestBody String csv, @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        List<StaffCsv.Row> rows = StaffCsv.read(csv);
        List<PendingInvitation> invited = new java.util.ArrayList<>();
        List<RowProblem> rejected = new java.util.ArrayList<>();
        for (StaffCsv.Row row : rows) {
            if (row.problem() != null) {
                rejected.add(new RowProblem(row.number(), row.field(), row.problem()));
                continue;
            }
            try {
                Invitation invitation = invitations.invite(id, row.email(), row.name(), caller.account());
                invited.add(new PendingInvitation(invitation.email(), invitation.name(), invitation.expiresAt()));
            } catch (ApiException e) {
                rejected.add(new RowProblem(row.number(), "email", e.getMessage()));
            }
        }
        return new InvitationReport(rows.size(), invited, rejected);
    }

    @DeleteMapping("/api/exhibitors/{id}/staff/{staffId}")
    Team revoke(@PathVariable String id, @PathVariable String staffId, @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, true);
        return team(invitations.revoke(id, staffId, caller.account()));
    }

    @GetMapping("/api/invitations/{token}")
    ResponseEntity<StaffInvitations.Preview> invitation(@PathVariable String token) {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(invitations.preview(token));
    }

    @PostMapping("/api/invitations/{token}/accept")
    Accepted accept(@PathVariable String token, @Valid @RequestBody Acceptance request) {
        Account account = invitations.accept(token, request.password());
        return new Accepted(account.id(), account.exhibitorId(), account.staffId());
    }

    private Team team(Exhibitor exhibitor) {
        List<PendingInvitation> pending = invitations.pending(exhibitor.id()).stream()
                .map(invitation -> new PendingInvitation(invitation.email(), invitation.name(), invitation.expiresAt()))
                .toList();
        return new Team(exhibitor.team().seats(), exhibitor.team().active().size(), exhibitor.team().members(), pending);
    }
}
