package io.expoleads.web;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
@EnableConfigurationProperties(ServicesProperties.class)
class ServiceBalancing {

    @Bean
    ServiceInstances serviceInstances(ServicesProperties services) {
        return new ServiceInstances(Map.of(
                "exhibitor-service", services.exhibitor(),
                "lead-service", services.lead(),
                "notification-service", services.notification()));
    }

    /** Short timeouts: an instance that does not answer its probe within them is out of rotation. */
    @Bean
    RestClient healthCheckClient(ServicesProperties services) {
        Duration timeout = services.healthCheckTimeout();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        return RestClient.builder().requestFactory(requests).build();
    }
}
