package io.expoleads.lead;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Booth lead capture: the attendee badge directory, scans and leads. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LeadServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeadServiceApplication.class, args);
    }

    /** The time work that falls due on a date reads (retention): a bean, so tests set the date instead of waiting. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
