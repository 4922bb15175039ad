package io.expoleads.events;

import java.util.List;
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
        NotificationSettings settings) {

    public ExhibitorView {
        Contract.requireText(exhibitorId, "exhibitorId");
        Contract.requireText(editionId, "editionId");
        Objects.requireNonNull(status, "status is required");
        Contract.requireText(companyName, "companyName");
        salesEmails = salesEmails == null ? List.of() : List.copyOf(salesEmails);
        activeStaff = activeStaff == null ? List.of() : List.copyOf(activeStaff);
        activeDevices = activeDevices == null ? List.of() : List.copyOf(activeDevices);
    }
}
