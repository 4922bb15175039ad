package io.expoleads.web;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The instances behind each {@code lb://} route and the client that checks their health. Spring Cloud
 * LoadBalancer's blocking health-check supplier ({@code spring.cloud.loadbalancer.configurations:
 * health-check}) asks every instance's liveness probe every few seconds and balances round-robin
 * over those that answer UP.
 */
@Configuration(proxyBeanMethods = false)
class ServiceBalancing {

    @Bean
    ServiceInstances serviceInstances(@Value("${expo.services.exhibitor}") String exhibitor,
                                      @Value("${expo.services.lead}") String lead,
                                      @Value("${expo.services.notification}") String notification) {
        return new ServiceInstances(Map.of(
                "exhibitor-service", exhibitor,
                "lead-service", lead,
                "notification-service", notification));
    }

    /** Short timeouts: an instance that does not answer its probe within them is out of rotation. */
    @Bean
    RestClient healthCheckClient(@Value("${expo.services.health-check-timeout:2s}") Duration timeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        return RestClient.builder().requestFactory(requests).build();
    }
}
