package io.expoleads.exhibitor.organizer;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what: the organizer's steps (opening editions, reviewing applications) need the
 * organizer's credentials; applying and reading are open. Stateless HTTP Basic, no sessions.
 */
@Configuration(proxyBeanMethods = false)
class OrganizerSecurity {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService organizers(OrganizerCredentials credentials) {
        return new InMemoryUserDetailsManager(User.withUsername(credentials.username())
                .password(credentials.passwordHash())
                .roles("ORGANIZER")
                .build());
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"expo-leads\"");
            problem(response, json, HttpStatus.UNAUTHORIZED, "Sign in as the organizer to do this.");
        };
        AccessDeniedHandler forbidden = (request, response, e) ->
                problem(response, json, HttpStatus.FORBIDDEN, "Your role does not allow this.");
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/editions").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/exhibitors/*/approve", "/api/exhibitors/*/reject").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.GET, "/api/editions/*", "/api/exhibitors/*").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/editions/*/exhibitors",
                                "/api/exhibitors/*/submit", "/api/exhibitors/*/withdraw").permitAll()
                        .anyRequest().denyAll())
                .build();
    }

    private static void problem(HttpServletResponse response, JsonMapper json, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
