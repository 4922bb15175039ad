package io.expoleads.lead.exhibitor;

import java.util.List;

import io.expoleads.events.ExhibitorStatus;

/** What lead capture knows of an exhibitor, kept from {@code expo.exhibitors.v1}. */
public record BoothExhibitor(String id, String editionId, long revision, ExhibitorStatus status,
                             String companyName, String boothCode, List<String> activeStaff, List<String> activeDevices) {

    public BoothExhibitor {
        activeStaff = activeStaff == null ? List.of() : List.copyOf(activeStaff);
        activeDevices = activeDevices == null ? List.of() : List.copyOf(activeDevices);
    }

    public boolean mayCaptureLeads() {
        return status == ExhibitorStatus.APPROVED;
    }
}
