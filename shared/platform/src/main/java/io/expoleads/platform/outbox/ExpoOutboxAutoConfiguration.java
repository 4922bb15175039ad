package io.expoleads.platform.outbox;

import java.time.Clock;
import java.util.List;

import io.expoleads.platform.work.Leases;
import io.expoleads.platform.work.LeasesAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** The outbox pieces every service uses: the event writer, the relays' single thread and their meters. */
@AutoConfiguration(after = LeasesAutoConfiguration.class)
@EnableConfigurationProperties(ExpoOutboxProperties.class)
public class ExpoOutboxAutoConfiguration {

    @Bean
    EventWriter eventWriter(JsonMapper jsonMapper, ObjectProvider<Clock> clock) {
        return new EventWriter(jsonMapper, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    OutboxRelays outboxRelays(List<OutboxRelay> relays, Leases leases, ExpoOutboxProperties outbox) {
        return new OutboxRelays(relays, outbox.sweepInterval(), leases);
    }

    /** The backlog and oldest event's age of every outbox, as gauges (see {@link OutboxMeters}). */
    @Bean
    MeterBinder outboxMeters(List<OutboxRelay> relays, ObjectProvider<Clock> clock) {
        return registry -> OutboxMeters.register(registry, relays, clock.getIfAvailable(Clock::systemUTC));
    }
}
