package io.expoleads.lead.privacy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.RunsInBackground;
import io.expoleads.platform.work.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Purges an edition's personal data when its retention ends: every visitor of the edition not yet
 * erased is erased with cause {@code RETENTION}, through the same erasure as an organizer's (leads
 * scrubbed to pseudonymous stubs that keep their counts and times, keys destroyed, the other
 * services told). A pass, under the lease {@code retention-purge}, takes the living visitors a chunk at a time and stops after
 * {@code expo.privacy.retention-pass-max}; what it leaves, or a crash interrupts, the next pass
 * finds still living, and an erasure asked twice answers the first, so passes may repeat or
 * overlap without harm.
 */
@Service
public class RetentionPurge implements RunsInBackground {

    /** The cause recorded on erasures this purge makes. */
    public static final String CAUSE = "RETENTION";
    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
    /** The longest a pass holds its lease if its instance dies meanwhile. */
    private static final Duration PASS_HOLD = Duration.ofMinutes(30);

    private final EditionCalendar editions;
    private final AttendeeDirectory attendees;
    private final Erasures erasures;
    private final Clock clock;
    private final int chunk;
    private final int passMax;
    private final BackgroundWork sweep;

    @Autowired
    RetentionPurge(EditionCalendar editions, AttendeeDirectory attendees, Erasures erasures, Clock clock, Leases leases,
                   VisitorPrivacyProperties settings) {
        this(editions, attendees, erasures, clock, leases, settings.retentionChunk(), settings.retentionPassMax(),
                settings.retentionSweep());
    }

    RetentionPurge(EditionCalendar editions, AttendeeDirectory attendees, Erasures erasures, Clock clock, Leases leases,
                   int chunk, int passMax, Duration sweepInterval) {
        this.editions = editions;
        this.attendees = attendees;
        this.erasures = erasures;
        this.clock = clock;
        this.chunk = chunk;
        this.passMax = passMax;
        // One instance at a time runs a pass (two would only ask the same erasures twice); a pass cut
        // short by its bound wakes the next at once, so passes are not spread one per period.
        this.sweep = new BackgroundWork("retention-purge", sweepInterval,
                () -> leases.runAlone("retention-purge", PASS_HOLD, this::purgeDue));
    }

    /**
     * One pass: erases the visitors of every edition whose purge date has come, up to the pass's
     * bound.
     *
     * @return how many visitors this pass erased
     */
    public int purgeDue() {
        int erased = 0;
        for (String editionId : editions.purgeDue(clock.instant())) {
            List<String> previous = List.of();
            while (erased < passMax) {
                List<String> living = attendees.livingIds(editionId, Math.min(chunk, passMax - erased));
                if (living.isEmpty()) {
                    break;
                }
                if (living.equals(previous)) {
                    // The same visitors still living after their erasure: leave them to the erasure sweep, not a busy loop.
                    log.warn("Retention of edition {}: {} visitors still not erased after a chunk; left to the next pass",
                            editionId, living.size());
                    break;
                }
                previous = living;
                for (String attendeeId : living) {
                    erasures.request(attendeeId, CAUSE);
                }
                erased += living.size();
                log.info("Retention of edition {} ended: {} visitors erased in this chunk", editionId, living.size());
            }
        }
        if (erased >= passMax) {
            sweep.wake();
        }
        return erased;
    }

    @Override
    public BackgroundWork backgroundWork() {
        return sweep;
    }
}
