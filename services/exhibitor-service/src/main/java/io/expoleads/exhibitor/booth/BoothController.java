package io.expoleads.exhibitor.booth;

import java.io.StringReader;
import java.util.List;

import io.expoleads.exhibitor.identity.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The booth inventory of an edition and booth assignment, for the organizer. */
@RestController
class BoothController {

    private final BoothInventory inventory;

    BoothController(BoothInventory inventory) {
        this.inventory = inventory;
    }

    record Assignment(@NotBlank @Size(max = 20) String boothCode) {
    }

    @PutMapping(path = "/api/editions/{editionId}/booths", consumes = "application/json")
    BoothImport define(@PathVariable String editionId, @RequestBody List<BoothSpec> booths) {
        return inventory.define(editionId, booths);
    }

    @PostMapping(path = "/api/editions/{editionId}/booths/import", consumes = "text/csv")
    BoothImport importCsv(@PathVariable String editionId, @RequestBody String csv) {
        return inventory.importCsv(editionId, new StringReader(csv));
    }

    @GetMapping("/api/editions/{editionId}/booths")
    List<Booth> list(@PathVariable String editionId) {
        return inventory.list(editionId);
    }

    @PutMapping("/api/exhibitors/{id}/booth")
    AssignedBooth assign(@PathVariable String id, @Valid @RequestBody Assignment assignment, @AuthenticationPrincipal Jwt token) {
        var exhibitor = inventory.assign(id, assignment.boothCode().strip(), Caller.of(token).account());
        return new AssignedBooth(exhibitor.id(), exhibitor.boothCode(), exhibitor.revision());
    }

    record AssignedBooth(String exhibitorId, String boothCode, long revision) {
    }
}
