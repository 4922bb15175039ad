package io.expoleads.notification;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Deliveries of leads to exhibitors' sales teams. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationServiceApplication.class, args);
    }

    /** The time work that falls due on a date reads (retention reminders): a bean, so tests set the date instead of waiting. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
