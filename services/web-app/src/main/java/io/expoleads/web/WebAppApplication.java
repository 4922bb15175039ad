package io.expoleads.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The web tier: the web apps' static files and a proxy of {@code /api} to the three services, so
 * a browser talks to one origin (no CORS, one address to reach on a booth's Wi-Fi). It stores
 * nothing and holds no secret; access tokens stay in the browser and pass through as the
 * {@code Authorization} header.
 */
@SpringBootApplication
public class WebAppApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebAppApplication.class, args);
    }
}
