package io.expoleads.exhibitor;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Exhibitor onboarding: editions, exhibitors and their lifecycle. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExhibitorServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExhibitorServiceApplication.class, args);
    }

    /** The one clock everything here reads time from; tests replace it to move time instead of waiting. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
