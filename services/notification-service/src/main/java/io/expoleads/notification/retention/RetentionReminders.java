package io.expoleads.notification.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.expoleads.notification.delivery.Deliveries;
import io.expoleads.notification.delivery.DeliveryRequest;
import io.expoleads.notification.edition.EditionZones;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.RunsInBackground;
import io.expoleads.platform.work.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Reminds exhibitors' admins, 30 and then 7 days before an edition's personal data is purged, to
 * export the leads they need. This service sends them because it already writes to exhibitors
 * (their admin address and language are in its read model of {@code expo.exhibitors.v1}), keeps the
 * editions' zones, to say the date in the fair's time, and has the delivery log with its retries;
 * the purge date comes on {@code expo.editions.v1}. Each reminder is a delivery whose id derives from
 * edition, exhibitor and reminder, so it is sent once, whichever instance or pass asks for it.
 */
@Service
public class RetentionReminders implements RunsInBackground {

    /** Days before the purge, the earliest first. */
    static final List<Integer> DAYS_BEFORE = List.of(30, 7);
    private static final Logger log = LoggerFactory.getLogger(RetentionReminders.class);
    private static final Duration PASS_HOLD = Duration.ofMinutes(10);

    private final EditionZones editions;
    private final SalesRoutings exhibitors;
    private final Deliveries deliveries;
    private final Clock clock;
    private final BackgroundWork sweep;

    RetentionReminders(EditionZones editions, SalesRoutings exhibitors, Deliveries deliveries, Clock clock, Leases leases,
                       RetentionProperties properties) {
        this.editions = editions;
        this.exhibitors = exhibitors;
        this.deliveries = deliveries;
        this.clock = clock;
        // Asking twice would find the same deliveries; the lease only spares the second instance the reads.
        this.sweep = new BackgroundWork("retention-reminders", properties.reminderSweep(),
                () -> leases.runAlone("retention-reminders", PASS_HOLD, this::remindDue));
    }

    /**
     * The reminder due at {@code now} for a purge at {@code purgeAt}: the latest whose day has come,
     * so a service down at the 30-day mark and back 5 days before sends only the 7-day one; null
     * before the first or once the purge has come.
     */
    static Integer reminderDue(Instant purgeAt, Instant now) {
        if (!now.isBefore(purgeAt)) {
            return null;
        }
        Integer due = null;
        for (int days : DAYS_BEFORE) {
            if (!now.isBefore(purgeAt.minus(Duration.ofDays(days)))) {
                due = days;
            }
        }
        return due;
    }

    /**
     * One pass: opens the reminder due for each edition not yet reminded, to every approved
     * exhibitor's admin.
     *
     * @return how many reminders this pass opened (those already sent are not counted again)
     */
    public int remindDue() {
        Instant now = clock.instant();
        int opened = 0;
        for (EditionZones.Purge edition : editions.purgesAfter(now)) {
            Integer due = reminderDue(edition.purgeAt(), now);
            if (due == null || edition.remindersSent().contains(due)) {
                continue;
            }
            for (SalesRouting exhibitor : exhibitors.approvedOf(edition.editionId())) {
                if (exhibitor.contactEmail() == null || exhibitor.contactEmail().isBlank()) {
                    log.warn("Exhibitor {} has no admin address for the retention reminder of edition {}", exhibitor.id(),
                            edition.editionId());
                    continue;
                }
                deliveries.open(DeliveryRequest.retentionReminder(edition.editionId(), exhibitor.id(), due, exhibitor.contactEmail()));
                opened++;
            }
            editions.reminded(edition.editionId(), due);
            log.info("Edition {}: retention reminder {} days before the purge opened for {} exhibitors", edition.editionId(), due,
                    opened);
        }
        return opened;
    }

    @Override
    public BackgroundWork backgroundWork() {
        return sweep;
    }
}
