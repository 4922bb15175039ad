package io.expoleads.lead.lead;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dashboards' live lead streams ({@code expo.leads.stream.*}).
 *
 * @param heartbeat how often an idle stream gets a comment, so proxies keep it open and a
 *                  dashboard notices a dead one; at least a millisecond (it is a timer's period)
 */
@ConfigurationProperties("expo.leads.stream")
@Validated
public record LeadStreamProperties(@DefaultValue("15s") @DurationMin(millis = 1) Duration heartbeat) {
}
