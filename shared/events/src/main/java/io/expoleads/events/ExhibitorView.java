package io.expoleads.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The exhibitor's full public view, carried by every event on {@link Topics#EXHIBITORS} so that
 * the compacted topic alone rebuilds any read model.
 *
 * @param revision    grows by one with every change; read models keep the highest they saw
 * @param activeStaff   ids of the staff who may scan now; a revoked member is absent
 * @param activeDevices ids of the shared booth devices that may scan now
 * @param form        the current qualification form, or null before the exhibitor defines one
 * @param settings    where leads go; null until the admin sets them (alerts then go to the sales emails)
 * @param contactEmail the exhibitor admin's address, for notices about the exhibitor's own setup
 *                     (a webhook that stopped answering); null in views published before it existed
 * @param teamNames   the display name of every staff member and device the team ever had, by id,
 *                    revoked ones included, so their scans keep a name
 */
public record ExhibitorView(
        String exhibitorId,
        String editionId,
        long revision,
        ExhibitorStatus status,
        String companyName,
        String country,
        String language,
        String boothCode,
        int seats,
        List<String> salesEmails,
        List<String> activeStaff,
        List<String> activeDevices,
        QualificationForm form,
        NotificationSettings settings,
        String contactEmail,
        Map<String, String> teamNames) {

    public ExhibitorView {
        Contract.requireText(exhibitorId, "exhibitorId");
        Contract.requireText(editionId, "editionId");
        Objects.requireNonNull(status, "status is required");
        Contract.requireText(companyName, "companyName");
        salesEmails = salesEmails == null ? List.of() : List.copyOf(salesEmails);
        activeStaff = activeStaff == null ? List.of() : List.copyOf(activeStaff);
        activeDevices = activeDevices == null ? List.of() : List.copyOf(activeDevices);
        teamNames = teamNames == null ? Map.of() : Map.copyOf(teamNames);
    }
}
