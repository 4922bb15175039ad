package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exhibitor's booth staff and the seats the organizer gave it: never more active members than
 * seats. A revoked member stays on the team (their scans name them) without a seat.
 *
 * @param seats   how many members may scan at once
 * @param members every member the team ever had, in the order they joined
 */
public record Team(int seats, List<StaffMember> members) {

    /** No seats, nobody: an application's team. */
    public static final Team NONE = new Team(0, List.of());

    public Team {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** The members holding a seat. */
    public List<StaffMember> active() {
        return members.stream().filter(StaffMember::active).toList();
    }

    public Optional<StaffMember> member(String staffId) {
        return members.stream().filter(member -> member.staffId().equals(staffId)).findFirst();
    }

    /** Whether the member is on the team and holds a seat. */
    public boolean holdsSeat(String staffId) {
        return member(staffId).filter(StaffMember::active).isPresent();
    }

    /** The organizer's new seat count; fewer seats than active members is refused. */
    Team withSeats(int newSeats) {
        long active = active().size();
        if (newSeats < active) {
            throw new IllegalArgumentException(active + " staff are active; revoke some before lowering the seats to " + newSeats);
        }
        return new Team(newSeats, members);
    }

    /** A member who accepted an invitation takes a seat, if one is free. */
    Team joined(StaffMember member) {
        if (active().size() >= seats) {
            throw new NoSeatLeftException(seats);
        }
        List<StaffMember> joined = new ArrayList<>(members);
        joined.add(member);
        return new Team(seats, joined);
    }

    /** Frees the member's seat; only an active member can be revoked. */
    Team revoked(String staffId, Instant at) {
        List<StaffMember> changed = new ArrayList<>(members);
        for (int i = 0; i < changed.size(); i++) {
            StaffMember member = changed.get(i);
            if (member.staffId().equals(staffId) && member.active()) {
                changed.set(i, member.revoked(at));
                return new Team(seats, changed);
            }
        }
        throw new IllegalArgumentException("no active staff member " + staffId);
    }

    /** Each member's name (their email when they gave none), by staff id, revoked ones included. */
    Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        members.forEach(member -> names.put(member.staffId(),
                member.name() == null || member.name().isBlank() ? member.email() : member.name()));
        return names;
    }
}
