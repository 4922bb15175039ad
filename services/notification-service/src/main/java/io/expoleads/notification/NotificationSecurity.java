package io.expoleads.notification;

import io.expoleads.platform.security.AccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/** Only health is open; every API of this service needs an access token checked like everywhere else. */
@Configuration(proxyBeanMethods = false)
class NotificationSecurity {

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        return AccessTokens.statelessApi(http, json)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(AccessTokens.OPEN).permitAll()
                        .anyRequest().denyAll())
                .build();
    }
}
