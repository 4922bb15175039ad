package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.NotificationSettings;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.WebhookEndpoints;

/**
 * A company exhibiting at one edition, from its application to approval or withdrawal: its identity
 * and lifecycle. What it is given and sets up on the way is held by its parts, each with its own
 * rules: its {@link Team} (seats and staff), {@link BoothDevices}, {@link Webhooks},
 * {@link QualificationForms}, {@link SalesRouting} and {@link History}. Every change goes through the
 * exhibitor, which counts it (its revision) and keeps it in the history.
 */
public class Exhibitor {

    private static final Set<ExhibitorStatus> WITHDRAWABLE =
            EnumSet.of(ExhibitorStatus.DRAFT, ExhibitorStatus.SUBMITTED, ExhibitorStatus.APPROVED);

    private final String id;
    private final String editionId;
    private long revision;
    private ExhibitorStatus status;
    private ExhibitorProfile profile;
    private String boothCode;
    private String rejectionReason;
    private final Instant createdAt;
    private Team team;
    private BoothDevices devices;
    private Webhooks webhooks;
    private QualificationForms forms;
    private SalesRouting routing;
    private History history;
    /** Emails queued by changes since the exhibitor was read; written by appending, see {@link ApplicantEmail}. */
    private final List<ApplicantEmail> newEmails = new ArrayList<>();

    Exhibitor(String id, String editionId, long revision, ExhibitorStatus status, ExhibitorProfile profile, String boothCode,
              String rejectionReason, Instant createdAt, Team team, BoothDevices devices, Webhooks webhooks,
              QualificationForms forms, SalesRouting routing, History history) {
        this.id = id;
        this.editionId = editionId;
        this.revision = revision;
        this.status = status;
        this.profile = profile;
        this.boothCode = boothCode;
        this.rejectionReason = rejectionReason;
        this.createdAt = createdAt;
        this.team = Objects.requireNonNull(team);
        this.devices = Objects.requireNonNull(devices);
        this.webhooks = Objects.requireNonNull(webhooks);
        this.forms = Objects.requireNonNull(forms);
        this.routing = Objects.requireNonNull(routing);
        this.history = Objects.requireNonNull(history);
    }

    /** A new application, in draft. */
    public static Exhibitor apply(String id, String editionId, ExhibitorProfile profile, Instant now) {
        return new Exhibitor(id, editionId, 1, ExhibitorStatus.DRAFT, profile, null, null, now, Team.NONE, BoothDevices.NONE,
                Webhooks.NONE, QualificationForms.NONE, SalesRouting.UNSET, History.NONE);
    }

    /** @return the event type of the change */
    public String submit(String actor, Instant now) {
        require(status == ExhibitorStatus.DRAFT, "submitted");
        status = ExhibitorStatus.SUBMITTED;
        String event = changed(actor, now, EventTypes.EXHIBITOR_SUBMITTED, null);
        owe("SUBMITTED", null);
        return event;
    }

    /** @return the event type of the change */
    public String approve(String actor, Instant now) {
        require(status == ExhibitorStatus.SUBMITTED, "approved");
        status = ExhibitorStatus.APPROVED;
        rejectionReason = null;
        String event = changed(actor, now, EventTypes.EXHIBITOR_APPROVED, null);
        owe("APPROVED", null);
        return event;
    }

    /** @return the event type of the change */
    public String reject(String actor, String reason, Instant now) {
        require(status == ExhibitorStatus.SUBMITTED, "rejected");
        status = ExhibitorStatus.REJECTED;
        rejectionReason = reason;
        String event = changed(actor, now, EventTypes.EXHIBITOR_REJECTED, reason);
        owe("REJECTED", reason);
        return event;
    }

    /** @return the event type of the change */
    public String withdraw(String actor, Instant now) {
        require(WITHDRAWABLE.contains(status), "withdrawn");
        status = ExhibitorStatus.WITHDRAWN;
        boothCode = null;
        return changed(actor, now, EventTypes.EXHIBITOR_WITHDRAWN, null);
    }

    /**
     * The admin corrects or completes the profile; after submission every change is kept in the
     * history, naming the fields that changed.
     *
     * @return the event type, or null when nothing changed
     */
    public String changeProfile(String actor, ExhibitorProfile changed, Instant now) {
        requireOpen("changed");
        List<String> fields = profileDifferences(profile, changed);
        if (fields.isEmpty()) {
            return null;
        }
        profile = changed;
        revision++;
        if (status != ExhibitorStatus.DRAFT) {
            history = history.recorded(now, actor, EventTypes.EXHIBITOR_UPDATED, "profile: " + String.join(", ", fields));
        }
        return EventTypes.EXHIBITOR_UPDATED;
    }

    private static List<String> profileDifferences(ExhibitorProfile before, ExhibitorProfile after) {
        List<String> fields = new ArrayList<>();
        for (var component : ExhibitorProfile.class.getRecordComponents()) {
            try {
                if (!Objects.equals(component.getAccessor().invoke(before), component.getAccessor().invoke(after))) {
                    fields.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return fields;
    }

    /**
     * The admin defines the qualification questions (see {@link QualificationForms}).
     *
     * @return the event type, or null when the questions are the current ones
     */
    public String defineForm(String actor, List<QualificationForm.Question> questions, Instant now) {
        Optional<QualificationForms> defined = forms.defined(questions);
        if (defined.isEmpty()) {
            return null;
        }
        forms = defined.get();
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "qualification form v" + forms.current().version());
    }

    /** @return the event type, or null when nothing changed */
    public String changeSettings(String actor, NotificationSettings changed, Instant now) {
        Optional<SalesRouting> changedRouting = routing.changedTo(changed);
        if (changedRouting.isEmpty()) {
            return null;
        }
        routing = changedRouting.get();
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "notification settings");
    }

    /** The organizer gives the exhibitor a booth (claimed in the inventory first). */
    public String assignBooth(String actor, String code, Instant now) {
        requireOpen("given a booth");
        boothCode = code;
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "booth=" + code);
    }

    /** The organizer sets how many staff may scan (see {@link Team#withSeats}). */
    public String assignSeats(String actor, int newSeats, Instant now) {
        team = team.withSeats(newSeats);
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "seats=" + newSeats);
    }

    /** A staff member who accepted an invitation takes a seat, if one is free. */
    public String addStaff(String actor, StaffMember member, Instant now) {
        team = team.joined(member);
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "staff added: " + member.staffId());
    }

    /** Frees the member's seat; their scans stay theirs. */
    public String revokeStaff(String actor, String staffId, Instant now) {
        team = team.revoked(staffId, now);
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "staff revoked: " + staffId);
    }

    /** @return {@link EventTypes#WEBHOOKS_CHANGED}: the endpoints go out on their own topic */
    public String addWebhook(String actor, Webhook webhook, Instant now) {
        webhooks = webhooks.added(webhook);
        changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "webhook added: " + webhook.url());
        return EventTypes.WEBHOOKS_CHANGED;
    }

    public String rotateWebhookSecret(String actor, String webhookId, String newSecret, Instant oldUntil, Instant now) {
        webhooks = webhooks.rotated(webhookId, newSecret, oldUntil, now);
        changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "webhook secret rotated: " + webhookId);
        return EventTypes.WEBHOOKS_CHANGED;
    }

    public String removeWebhook(String actor, String webhookId, Instant now) {
        webhooks = webhooks.removed(webhookId);
        changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "webhook removed: " + webhookId);
        return EventTypes.WEBHOOKS_CHANGED;
    }

    /** A new shared device, waiting for its setup code to be used; only an approved exhibitor gets devices. */
    public String addDevice(String actor, BoothDevice device, Instant now) {
        require(status == ExhibitorStatus.APPROVED, "given devices");
        devices = devices.added(device);
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "device added: " + device.deviceId());
    }

    /** The device was set up; from now on it may scan. Activating it again changes nothing. */
    public String activateDevice(String deviceId, Instant now) {
        Optional<BoothDevices> activated = devices.activated(deviceId, now);
        if (activated.isEmpty()) {
            return null;
        }
        devices = activated.get();
        return changed("device " + deviceId, now, EventTypes.EXHIBITOR_UPDATED, "device activated: " + deviceId);
    }

    /** Revoking a revoked device again changes nothing. */
    public String revokeDevice(String actor, String deviceId, Instant now) {
        Optional<BoothDevices> revoked = devices.revoked(deviceId, now);
        if (revoked.isEmpty()) {
            return null;
        }
        devices = revoked.get();
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "device revoked: " + deviceId);
    }

    private void owe(String kind, String reason) {
        // One email per revision: a retried write cannot queue it twice under another id.
        newEmails.add(new ApplicantEmail(id + "/" + revision, kind, profile.contactEmail(), profile.language(),
                profile.companyName(), reason));
    }

    /** The emails the changes since this exhibitor was read have queued. */
    public List<ApplicantEmail> newEmails() {
        return List.copyOf(newEmails);
    }

    private void requireOpen(String action) {
        require(status != ExhibitorStatus.REJECTED && status != ExhibitorStatus.WITHDRAWN, action);
    }

    private void require(boolean allowed, String action) {
        if (!allowed) {
            throw new IllegalTransitionException(status, action);
        }
    }

    private String changed(String actor, Instant now, String eventType, String detail) {
        revision++;
        history = history.recorded(now, actor, eventType, detail);
        return eventType;
    }

    /** The public view other services see, at the current revision. */
    public ExhibitorView view() {
        // Every staff member and device the team ever had, revoked ones included: their scans keep a name.
        Map<String, String> teamNames = new LinkedHashMap<>(team.names());
        teamNames.putAll(devices.names());
        return new ExhibitorView(id, editionId, revision, status, profile.companyName(), profile.country(),
                profile.language(), boothCode, team.seats(), routing.salesEmails(profile),
                team.active().stream().map(StaffMember::staffId).toList(), devices.activeIds(),
                forms.current(), routing.settings(), profile.contactEmail(), teamNames);
    }

    /** The endpoints with their secrets, for the one service that signs deliveries. */
    public WebhookEndpoints webhookEndpoints() {
        return webhooks.endpoints(id, revision);
    }

    public String id() {
        return id;
    }

    public String editionId() {
        return editionId;
    }

    public long revision() {
        return revision;
    }

    public ExhibitorStatus status() {
        return status;
    }

    public ExhibitorProfile profile() {
        return profile;
    }

    public String boothCode() {
        return boothCode;
    }

    public String rejectionReason() {
        return rejectionReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Its staff and seats. */
    public Team team() {
        return team;
    }

    public BoothDevices devices() {
        return devices;
    }

    public Webhooks webhooks() {
        return webhooks;
    }

    public QualificationForms forms() {
        return forms;
    }

    /** Where its leads go: its notification settings. */
    public SalesRouting routing() {
        return routing;
    }

    public History history() {
        return history;
    }
}
