package io.expoleads.notification.alert;

import io.expoleads.notification.exhibitor.SalesRoutingChanged;
import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.RunsInBackground;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Releases the alerts waiting for their exhibitor's routing, on a thread of its own: at once when
 * a routing arrives (the exhibitor listener never waits on alerts), and on a sweep every
 * {@code expo.alerts.release-sweep}, which also alerts what a failed release or a stop left
 * waiting. The lead listener releases right after it parks, for a routing that arrived meanwhile.
 */
@Component
class AlertReleases implements RunsInBackground {

    private final BackgroundWork work;

    AlertReleases(Alerts alerts, AlertProperties properties) {
        this.work = new BackgroundWork("alert-releases", properties.releaseSweep(), alerts::releaseAll);
    }

    @EventListener
    void routingArrived(SalesRoutingChanged changed) {
        work.wake();
    }

    @Override
    public BackgroundWork backgroundWork() {
        return work;
    }
}
