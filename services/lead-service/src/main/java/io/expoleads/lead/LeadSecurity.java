package io.expoleads.lead;

import io.expoleads.platform.security.AccessTokens;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call lead capture: the organizer runs the badge directory; an exhibitor's staff and
 * devices scan; its accounts read and qualify its leads and follow their changes live (which
 * exhibitor is checked against the token in each handler), and its admin and staff, not its
 * devices, export them; the organizer reads every edition's export log. Scanners report their
 * phone's state; the exhibitor's admin and staff see their phones', the organizer every exhibitor's
 * with scans waiting. Edition badge keys are
 * public: scanners verify badges offline with them. Scanners search their edition's directory for
 * a visitor without a readable badge. A visitor's own page is open: its handlers
 * check the visitor's session.
 */
@Configuration(proxyBeanMethods = false)
class LeadSecurity {

    private static final String[] MEMBERS = {"EXHIBITOR_ADMIN", "STAFF", "DEVICE"};

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        return AccessTokens.statelessApi(http, json)
                .authorizeHttpRequests(requests -> requests
                        // A live stream's later writes come back as an async dispatch of a request
                        // already authorized, without its bearer token being read again.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(AccessTokens.OPEN).permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/editions/*/badge-keys").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/editions/*/badge-keys/rotate").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/editions/*/attendees/import").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.GET, "/api/editions/*/attendees").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.GET, "/api/editions/*/attendee-visibility").hasAnyRole("ORGANIZER", "EXHIBITOR_ADMIN", "STAFF", "DEVICE")
                        .requestMatchers(HttpMethod.PUT, "/api/editions/*/attendee-visibility").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.GET, "/api/attendees/*").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.GET, "/api/attendees/*/badge").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/attendees/*/badge/revoke").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/attendees/*/erasure", "/api/attendees/*/consent-withdrawals").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.GET, "/api/attendees/*/erasure", "/api/erasures/*").hasRole("ORGANIZER")
                        // A visitor's own page: asking a link and trading it are open to anyone; the
                        // rest checks the visitor's session (its own header, not a bearer token) in the handler.
                        .requestMatchers(HttpMethod.POST, "/api/privacy/links", "/api/privacy/sessions",
                                "/api/privacy/visitor/consent-withdrawals", "/api/privacy/visitor/erasure").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/privacy/visitor").permitAll()
                        .requestMatchers(HttpMethod.DELETE, "/api/privacy/session").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/scans", "/api/scans/batch").hasAnyRole("STAFF", "DEVICE")
                        // A booth's directory search for a visitor without a readable badge: scanners only.
                        .requestMatchers(HttpMethod.POST, "/api/exhibitors/*/directory/search").hasAnyRole("STAFF", "DEVICE")
                        .requestMatchers(HttpMethod.GET, "/api/leads/*").hasAnyRole(MEMBERS)
                        .requestMatchers(HttpMethod.PATCH, "/api/leads/*").hasAnyRole(MEMBERS)
                        .requestMatchers(HttpMethod.GET, "/api/exhibitors/*/leads", "/api/exhibitors/*/stats",
                                "/api/exhibitors/*/leads/events", "/api/exhibitors/*/badge-keys").hasAnyRole(MEMBERS)
                        .requestMatchers(HttpMethod.GET, "/api/exhibitors/*/leads/export", "/api/exhibitors/*/leads/exports")
                                .hasAnyRole("EXHIBITOR_ADMIN", "STAFF")
                        .requestMatchers(HttpMethod.GET, "/api/editions/*/lead-exports").hasRole("ORGANIZER")
                        // Each scanner reports its own phone's state; its team and the organizer's help desk read them.
                        .requestMatchers(HttpMethod.PUT, "/api/scanners/*/state").hasAnyRole("STAFF", "DEVICE")
                        .requestMatchers(HttpMethod.GET, "/api/exhibitors/*/scanners").hasAnyRole("EXHIBITOR_ADMIN", "STAFF")
                        .requestMatchers(HttpMethod.GET, "/api/editions/*/unsent-scans").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.GET, "/api/editions/*/audit", "/api/editions/*/audit.csv").hasRole("ORGANIZER")
                        .anyRequest().denyAll())
                .build();
    }
}
