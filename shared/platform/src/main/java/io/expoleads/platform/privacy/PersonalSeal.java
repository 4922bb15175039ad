package io.expoleads.platform.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.crypto.tink.Aead;
import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadView;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.Sealed;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals the personal parts of the contract's views under the visitor's own key before they leave
 * the service, and opens them right after a consumer reads them. The attendeeId is the associated
 * data, so a sealed part moved onto another visitor's record does not open.
 * <p>
 * {@code open} answers empty when the visitor's key is gone: the visitor was erased (or, on a
 * consumer, the key has not arrived yet). A part that does not open under an existing key is
 * refused ({@link SealRefusedException}).
 */
public class PersonalSeal {

    private final VisitorKeys keys;
    private final JsonMapper json;

    public PersonalSeal(VisitorKeys keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /** The attendee's personal fields sealed; ids and consent stay clear. Issues the key if needed. */
    public AttendeeView seal(AttendeeView view) {
        AttendeePersonal personal = new AttendeePersonal(view.registrationId(), view.firstName(), view.lastName(),
                view.company(), view.jobTitle(), view.email(), view.phone(), view.country());
        Sealed sealed = sealPart(view.attendeeId(), view.editionId(), personal);
        AttendeeView clear = view.withoutPersonalData();
        return new AttendeeView(clear.attendeeId(), clear.editionId(), null, null, null, null, null, null, null, null,
                clear.shareContact(), sealed);
    }

    /** The lead's attendee view, answers, tags and notes sealed; the rest stays clear. */
    public LeadView seal(LeadView view) {
        AttendeeView attendee = view.attendee();
        Sealed sealed = sealPart(attendee.attendeeId(), view.editionId(),
                new LeadPersonal(attendee,
                        view.answers(), view.tags(), view.notes()));
        return new LeadView(view.leadId(), view.exhibitorId(), view.editionId(), view.revision(),
                attendee.withoutPersonalData(), view.scanCount(), view.firstScanAt(), view.lastScanAt(),
                view.lastScannedBy(), view.scannedBy(), view.rating(), view.formVersion(), Map.of(), List.of(),
                view.followUp(), List.of(), view.flags(), sealed).withSource(view.source());
    }

    /** The scan's answers, tags and note sealed; the rest stays clear. */
    public ScanAccepted seal(ScanAccepted scan) {
        Sealed sealed = sealPart(scan.attendeeId(), scan.editionId(), new ScanPersonal(scan.answers(), scan.tags(), scan.note()));
        return new ScanAccepted(scan.scanId(), scan.exhibitorId(), scan.editionId(), scan.attendeeId(), scan.staffId(),
                scan.deviceId(), scan.scannedAt(), scan.receivedAt(), scan.rating(), scan.formVersion(), Map.of(),
                List.of(), null, scan.flags(), sealed).withSource(scan.source());
    }

    /** The view in clear; as it is when nothing is sealed; empty when the visitor's key is gone. */
    public Optional<AttendeeView> open(AttendeeView view) {
        if (view.sealed() == null) {
            return Optional.of(view);
        }
        return openPart(view.attendeeId(), view.sealed(), AttendeePersonal.class).map(personal -> new AttendeeView(
                view.attendeeId(), view.editionId(), personal.registrationId(), personal.firstName(), personal.lastName(),
                personal.company(), personal.jobTitle(), personal.email(), personal.phone(), personal.country(),
                view.shareContact(), null));
    }

    /** The lead in clear; as it is when nothing is sealed; empty when the visitor's key is gone. */
    public Optional<LeadView> open(LeadView view) {
        if (view.sealed() == null) {
            return Optional.of(view);
        }
        return openPart(view.attendee().attendeeId(), view.sealed(), LeadPersonal.class).map(personal -> {
            AttendeeView attendee = personal.attendee();
            if (attendee == null || !view.attendee().attendeeId().equals(attendee.attendeeId())) {
                throw new SealRefusedException("the sealed part of lead " + view.leadId() + " is not its visitor's");
            }
            return new LeadView(view.leadId(), view.exhibitorId(), view.editionId(), view.revision(), attendee,
                    view.scanCount(), view.firstScanAt(), view.lastScanAt(), view.lastScannedBy(), view.scannedBy(),
                    view.rating(), view.formVersion(), personal.answers(), personal.tags(), view.followUp(),
                    personal.notes(), view.flags(), (Sealed) null).withSource(view.source());
        });
    }

    /** The scan in clear; as it is when nothing is sealed; empty when the visitor's key is gone. */
    public Optional<ScanAccepted> open(ScanAccepted scan) {
        if (scan.sealed() == null) {
            return Optional.of(scan);
        }
        return openPart(scan.attendeeId(), scan.sealed(), ScanPersonal.class).map(personal -> new ScanAccepted(
                scan.scanId(), scan.exhibitorId(), scan.editionId(), scan.attendeeId(), scan.staffId(), scan.deviceId(),
                scan.scannedAt(), scan.receivedAt(), scan.rating(), scan.formVersion(), personal.answers(),
                personal.tags(), personal.note(), scan.flags(), (Sealed) null).withSource(scan.source()));
    }

    private Sealed sealPart(String attendeeId, String editionId, Object part) {
        Aead aead = keys.aeadIssuing(attendeeId, editionId);
        try {
            byte[] ciphertext = aead.encrypt(json.writeValueAsBytes(part), associatedData(attendeeId));
            return new Sealed(attendeeId, Base64.getEncoder().encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the data of visitor " + attendeeId, e);
        }
    }

    private <T> Optional<T> openPart(String attendeeId, Sealed sealed, Class<T> type) {
        if (!attendeeId.equals(sealed.keyId())) {
            throw new SealRefusedException("a sealed part of visitor " + attendeeId + " names another key");
        }
        Optional<Aead> aead = keys.aead(attendeeId);
        if (aead.isEmpty()) {
            return Optional.empty();
        }
        byte[] clear;
        try {
            clear = aead.get().decrypt(Base64.getDecoder().decode(sealed.ciphertext()), associatedData(attendeeId));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SealRefusedException("a sealed part of visitor " + attendeeId
                    + " does not open under their key (tampered, or made for another visitor)");
        }
        return Optional.of(json.readValue(clear, type));
    }

    private static byte[] associatedData(String attendeeId) {
        return attendeeId.getBytes(StandardCharsets.UTF_8);
    }

    record AttendeePersonal(String registrationId, String firstName, String lastName, String company, String jobTitle,
                            String email, String phone, String country) {
    }

    record LeadPersonal(AttendeeView attendee, Map<String, Object> answers, List<String> tags, List<LeadNote> notes) {
    }

    record ScanPersonal(Map<String, Object> answers, List<String> tags, String note) {
    }
}
