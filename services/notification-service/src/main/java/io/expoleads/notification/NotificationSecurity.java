package io.expoleads.notification;

import io.expoleads.platform.security.AccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Health is open; the delivery log and its replay belong to the exhibitor's admin (whose own
 * exhibitor is checked by each endpoint); everything else is refused.
 */
@Configuration(proxyBeanMethods = false)
class NotificationSecurity {

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        return AccessTokens.statelessApi(http, json)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(AccessTokens.OPEN).permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/exhibitors/*/deliveries", "/api/deliveries/*").hasRole("EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/deliveries/*/replay").hasRole("EXHIBITOR_ADMIN")
                        .anyRequest().denyAll())
                .build();
    }
}
