package io.expoleads.lead.exhibitor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.QualificationForm;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * What lead capture knows of an exhibitor, kept from {@code expo.exhibitors.v1}.
 *
 * @param formVersion the current qualification form version, null before the exhibitor defines one
 * @param forms       every form version seen on the topic, by version number, so answers given
 *                    offline on an older version are still checked against that version
 * @param teamNames   the display name of every staff member and device the team ever had, by id,
 *                    so a scanner is told who of the team got to a visitor first
 */
public record BoothExhibitor(String id, String editionId, long revision, ExhibitorStatus status,
                             String companyName, String boothCode, List<String> activeStaff, List<String> activeDevices,
                             Integer formVersion, Map<String, QualificationForm> forms, Map<String, String> teamNames) {

    public BoothExhibitor {
        activeStaff = activeStaff == null ? List.of() : List.copyOf(activeStaff);
        activeDevices = activeDevices == null ? List.of() : List.copyOf(activeDevices);
        forms = forms == null ? Map.of() : Map.copyOf(forms);
        teamNames = teamNames == null ? Map.of() : Map.copyOf(teamNames);
    }

    /** The display name of a staff member or device of the team; its id when the name is not known. */
    public String nameOf(String staffOrDeviceId) {
        return staffOrDeviceId == null ? null : teamNames.getOrDefault(staffOrDeviceId, staffOrDeviceId);
    }

    public boolean mayCaptureLeads() {
        return status == ExhibitorStatus.APPROVED;
    }

    /**
     * Refuses a staff member without a seat or a device no longer set up (403, with the
     * {@code reason}); its token may outlive the revocation by minutes, this read model does not.
     */
    public void requireOnTeam(Tenant caller) {
        if (caller.is("STAFF") && !activeStaff.contains(caller.staffId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Staff member revoked",
                    "This staff member no longer holds a seat at the exhibitor's booth").withProperty("reason", "STAFF_REVOKED");
        }
        if (caller.is("DEVICE") && !activeDevices.contains(caller.account())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Device revoked", "This device is no longer set up for the exhibitor's booth")
                    .withProperty("reason", "DEVICE_REVOKED");
        }
    }

    /** The form of that version, or the current form when {@code version} is null. */
    public Optional<QualificationForm> form(Integer version) {
        Integer wanted = version != null ? version : formVersion;
        return wanted == null ? Optional.empty() : Optional.ofNullable(forms.get(Integer.toString(wanted)));
    }
}
