package io.expoleads.lead;

import io.expoleads.platform.security.AccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call lead capture: the organizer imports registrations; an exhibitor's staff and
 * devices scan; its accounts read its leads (which exhibitor is checked against the token).
 */
@Configuration(proxyBeanMethods = false)
class LeadSecurity {

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        return AccessTokens.statelessApi(http, json)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(AccessTokens.OPEN).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/editions/*/attendees/import").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/scans").hasAnyRole("STAFF", "DEVICE")
                        .requestMatchers(HttpMethod.GET, "/api/leads/*").hasAnyRole("EXHIBITOR_ADMIN", "STAFF", "DEVICE")
                        .anyRequest().denyAll())
                .build();
    }
}
