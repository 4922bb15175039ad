package io.expoleads.exhibitor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Exhibitor onboarding: editions, exhibitors and their lifecycle. */
@SpringBootApplication
public class ExhibitorServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExhibitorServiceApplication.class, args);
    }
}
