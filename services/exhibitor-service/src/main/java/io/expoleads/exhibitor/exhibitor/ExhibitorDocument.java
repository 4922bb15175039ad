package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;
import java.util.List;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.NotificationSettings;
import io.expoleads.events.QualificationForm;
import io.expoleads.platform.outbox.OutboxEntry;

/**
 * An exhibitor as its MongoDB document holds it: one document with every part of the exhibitor as a
 * top-level field, under the names every earlier version wrote (so their documents read back), and
 * its pending events ({@code outbox}) beside them, so a change and its event are written together.
 * The document also holds the applicant's queued emails ({@link ApplicantEmail#QUEUE}), which only
 * {@link ExhibitorStore#update} appends to and {@code ApplicantMail} empties.
 */
record ExhibitorDocument(String id, String editionId, long revision, ExhibitorStatus status, ExhibitorProfile profile,
                         String boothCode, int seats, String rejectionReason, Instant createdAt, List<StaffMember> staff,
                         List<BoothDevice> devices, List<Webhook> webhooks, List<QualificationForm> formVersions,
                         NotificationSettings settings, List<ChangeRecord> history, List<OutboxEntry> outbox) {

    /** A field earlier versions wrote by mistake (a copy of the last change's queued emails); nothing reads it. */
    static final String STRAY_EMAIL_COPY = "newEmails";

    static ExhibitorDocument of(Exhibitor exhibitor, List<OutboxEntry> outbox) {
        return new ExhibitorDocument(exhibitor.id(), exhibitor.editionId(), exhibitor.revision(), exhibitor.status(),
                exhibitor.profile(), exhibitor.boothCode(), exhibitor.team().seats(), exhibitor.rejectionReason(),
                exhibitor.createdAt(), exhibitor.team().members(), exhibitor.devices().all(), exhibitor.webhooks().all(),
                exhibitor.forms().versions(), exhibitor.routing().settings(), exhibitor.history().changes(), List.copyOf(outbox));
    }

    /** The exhibitor; a field a list query left out reads as an empty part. */
    Exhibitor exhibitor() {
        return new Exhibitor(id, editionId, revision, status, profile, boothCode, rejectionReason, createdAt,
                new Team(seats, staff), new BoothDevices(devices), new Webhooks(webhooks), new QualificationForms(formVersions),
                new SalesRouting(settings), new History(history));
    }
}
