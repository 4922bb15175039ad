package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.NotificationSettings;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.platform.outbox.OutboxEntry;

/**
 * A company exhibiting at one edition, from its application to approval or withdrawal. Its
 * pending events live in the same document ({@link #outbox()}), so a change and its event are
 * written together.
 */
public class Exhibitor {

    private static final int MAX_WEBHOOKS = 5;
    private static final Set<ExhibitorStatus> WITHDRAWABLE =
            EnumSet.of(ExhibitorStatus.DRAFT, ExhibitorStatus.SUBMITTED, ExhibitorStatus.APPROVED);

    private final String id;
    private final String editionId;
    private long revision;
    private ExhibitorStatus status;
    private ExhibitorProfile profile;
    private String boothCode;
    private int seats;
    private String rejectionReason;
    private final Instant createdAt;
    private final List<StaffMember> staff;
    private final List<BoothDevice> devices;
    private final List<Webhook> webhooks;
    private final List<QualificationForm> formVersions;
    private NotificationSettings settings;
    private final List<ChangeRecord> history;
    private final List<OutboxEntry> outbox;
    /** Emails queued by changes since the last write; written by appending, see {@link ApplicantEmail}. */
    private final transient List<ApplicantEmail> newEmails = new ArrayList<>();

    public Exhibitor(String id, String editionId, long revision, ExhibitorStatus status, ExhibitorProfile profile,
                     String boothCode, int seats, String rejectionReason, Instant createdAt, List<StaffMember> staff,
                     List<BoothDevice> devices, List<Webhook> webhooks, List<QualificationForm> formVersions, NotificationSettings settings,
                     List<ChangeRecord> history, List<OutboxEntry> outbox) {
        this.id = id;
        this.editionId = editionId;
        this.revision = revision;
        this.status = status;
        this.profile = profile;
        this.boothCode = boothCode;
        this.seats = seats;
        this.rejectionReason = rejectionReason;
        this.createdAt = createdAt;
        this.staff = staff == null ? new ArrayList<>() : new ArrayList<>(staff);
        this.devices = devices == null ? new ArrayList<>() : new ArrayList<>(devices);
        this.webhooks = webhooks == null ? new ArrayList<>() : new ArrayList<>(webhooks);
        this.formVersions = formVersions == null ? new ArrayList<>() : new ArrayList<>(formVersions);
        this.settings = settings;
        this.history = history == null ? new ArrayList<>() : new ArrayList<>(history);
        this.outbox = outbox == null ? new ArrayList<>() : new ArrayList<>(outbox);
    }

    /** A new application, in draft. */
    public static Exhibitor apply(String id, String editionId, ExhibitorProfile profile, Instant now) {
        return new Exhibitor(id, editionId, 1, ExhibitorStatus.DRAFT, profile, null, 0, null, now, null, null, null, null, null, null,
                null);
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
        require(status != ExhibitorStatus.REJECTED && status != ExhibitorStatus.WITHDRAWN, "changed");
        List<String> fields = profileDifferences(profile, changed);
        if (fields.isEmpty()) {
            return null;
        }
        profile = changed;
        revision++;
        if (status != ExhibitorStatus.DRAFT) {
            history.add(new ChangeRecord(now, actor, EventTypes.EXHIBITOR_UPDATED, "profile: " + String.join(", ", fields)));
        }
        return EventTypes.EXHIBITOR_UPDATED;
    }

    private static List<String> profileDifferences(ExhibitorProfile before, ExhibitorProfile after) {
        List<String> fields = new ArrayList<>();
        var components = ExhibitorProfile.class.getRecordComponents();
        for (var component : components) {
            try {
                Object was = component.getAccessor().invoke(before);
                Object now = component.getAccessor().invoke(after);
                if (!java.util.Objects.equals(was, now)) {
                    fields.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return fields;
    }

    /**
     * The admin defines the qualification questions; a different set of questions is a new
     * version, earlier versions are kept for the leads answered on them.
     *
     * @return the event type, or null when the questions are the current ones
     */
    public String defineForm(String actor, List<QualificationForm.Question> questions, Instant now) {
        QualificationForm current = form();
        if (current != null && current.questions().equals(questions)) {
            return null;
        }
        QualificationForm next = new QualificationForm(current == null ? 1 : current.version() + 1, questions);
        formVersions.add(next);
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "qualification form v" + next.version());
    }

    /** The current qualification form, or null before the first one. */
    public QualificationForm form() {
        return formVersions.isEmpty() ? null : formVersions.get(formVersions.size() - 1);
    }

    public Optional<QualificationForm> formVersion(int version) {
        return formVersions.stream().filter(form -> form.version() == version).findFirst();
    }

    /** @return the event type, or null when nothing changed */
    public String changeSettings(String actor, NotificationSettings changed, Instant now) {
        if (changed.equals(settings)) {
            return null;
        }
        settings = changed;
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "notification settings");
    }

    public NotificationSettings settings() {
        return settings;
    }

    /** The organizer gives the exhibitor a booth (claimed in the inventory first). */
    public String assignBooth(String actor, String code, Instant now) {
        require(status != ExhibitorStatus.REJECTED && status != ExhibitorStatus.WITHDRAWN, "given a booth");
        boothCode = code;
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "booth=" + code);
    }

    /** The organizer sets how many staff may scan; fewer seats than active staff is refused. */
    public String assignSeats(String actor, int newSeats, Instant now) {
        long active = activeStaff().size();
        if (newSeats < active) {
            throw new IllegalArgumentException(active + " staff are active; revoke some before lowering the seats to " + newSeats);
        }
        seats = newSeats;
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "seats=" + newSeats);
    }

    /** A staff member who accepted an invitation takes a seat, if one is free. */
    public String addStaff(String actor, StaffMember member, Instant now) {
        if (activeStaff().size() >= seats) {
            throw new NoSeatLeftException(seats);
        }
        staff.add(member);
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "staff added: " + member.staffId());
    }

    /** Frees the member's seat; their scans stay theirs. */
    public String revokeStaff(String actor, String staffId, Instant now) {
        for (int i = 0; i < staff.size(); i++) {
            StaffMember member = staff.get(i);
            if (member.staffId().equals(staffId) && member.active()) {
                staff.set(i, member.revoked(now));
                return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "staff revoked: " + staffId);
            }
        }
        throw new IllegalArgumentException("no active staff member " + staffId);
    }

    /** @return {@link EventTypes#WEBHOOKS_CHANGED}: the endpoints go out on their own topic */
    public String addWebhook(String actor, Webhook webhook, Instant now) {
        if (webhooks.size() >= MAX_WEBHOOKS) {
            throw new IllegalArgumentException("An exhibitor has at most " + MAX_WEBHOOKS + " webhook endpoints");
        }
        webhooks.add(webhook);
        changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "webhook added: " + webhook.url());
        return EventTypes.WEBHOOKS_CHANGED;
    }

    public String rotateWebhookSecret(String actor, String webhookId, String newSecret, Instant oldUntil, Instant now) {
        Webhook webhook = webhook(webhookId);
        webhooks.set(webhooks.indexOf(webhook), webhook.rotated(newSecret, oldUntil, now));
        changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "webhook secret rotated: " + webhookId);
        return EventTypes.WEBHOOKS_CHANGED;
    }

    public String removeWebhook(String actor, String webhookId, Instant now) {
        webhooks.remove(webhook(webhookId));
        changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "webhook removed: " + webhookId);
        return EventTypes.WEBHOOKS_CHANGED;
    }

    private Webhook webhook(String webhookId) {
        return webhooks.stream().filter(webhook -> webhook.webhookId().equals(webhookId)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no webhook " + webhookId));
    }

    public List<Webhook> webhooks() {
        return List.copyOf(webhooks);
    }

    /** The endpoints with their secrets, for the one service that signs deliveries. */
    public WebhookEndpoints webhookEndpoints() {
        return new WebhookEndpoints(id, revision, webhooks.stream()
                .map(webhook -> new WebhookEndpoints.Endpoint(webhook.webhookId(), webhook.url(), webhook.secrets())).toList());
    }

    /** A new shared device, waiting for its setup code to be used. */
    public String addDevice(String actor, BoothDevice device, Instant now) {
        require(status == ExhibitorStatus.APPROVED, "given devices");
        devices.add(device);
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "device added: " + device.deviceId());
    }

    /** The device was set up; from now on it may scan. Activating it again changes nothing. */
    public String activateDevice(String deviceId, Instant now) {
        BoothDevice device = device(deviceId);
        if (device.status() == BoothDevice.Status.ACTIVE) {
            return null;
        }
        if (device.status() != BoothDevice.Status.PENDING) {
            throw new IllegalArgumentException("device " + deviceId + " is " + device.status());
        }
        devices.set(devices.indexOf(device), device.activated(now));
        return changed("device " + deviceId, now, EventTypes.EXHIBITOR_UPDATED, "device activated: " + deviceId);
    }

    public String revokeDevice(String actor, String deviceId, Instant now) {
        BoothDevice device = device(deviceId);
        if (device.status() == BoothDevice.Status.REVOKED) {
            return null;
        }
        devices.set(devices.indexOf(device), device.revoked(now));
        return changed(actor, now, EventTypes.EXHIBITOR_UPDATED, "device revoked: " + deviceId);
    }

    private BoothDevice device(String deviceId) {
        return devices.stream().filter(device -> device.deviceId().equals(deviceId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device " + deviceId));
    }

    public List<BoothDevice> devices() {
        return List.copyOf(devices);
    }

    public List<StaffMember> activeStaff() {
        return staff.stream().filter(StaffMember::active).toList();
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

    private void require(boolean allowed, String action) {
        if (!allowed) {
            throw new IllegalTransitionException(status, action);
        }
    }

    private String changed(String actor, Instant now, String eventType, String detail) {
        revision++;
        history.add(new ChangeRecord(now, actor, eventType, detail));
        return eventType;
    }

    /** The public view other services see, at the current revision. */
    public ExhibitorView view() {
        List<String> salesEmails = settings == null ? profile.salesEmails() : settings.salesEmails();
        return new ExhibitorView(id, editionId, revision, status, profile.companyName(), profile.country(),
                profile.language(), boothCode, seats, salesEmails,
                activeStaff().stream().map(StaffMember::staffId).toList(),
                devices.stream().filter(device -> device.status() == BoothDevice.Status.ACTIVE).map(BoothDevice::deviceId).toList(),
                form(), settings, profile.contactEmail(), teamNames());
    }

    /** Every staff member and device the team ever had, revoked ones included: their scans keep a name. */
    private Map<String, String> teamNames() {
        Map<String, String> names = new LinkedHashMap<>();
        staff.forEach(member -> names.put(member.staffId(), member.name() == null || member.name().isBlank() ? member.email() : member.name()));
        devices.forEach(device -> names.put(device.deviceId(), device.name() == null ? device.deviceId() : device.name()));
        return names;
    }

    public void enqueue(OutboxEntry event) {
        outbox.add(event);
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

    public int seats() {
        return seats;
    }

    public String rejectionReason() {
        return rejectionReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<StaffMember> staff() {
        return List.copyOf(staff);
    }

    public List<ChangeRecord> history() {
        return List.copyOf(history);
    }

    public List<OutboxEntry> outbox() {
        return List.copyOf(outbox);
    }
}
