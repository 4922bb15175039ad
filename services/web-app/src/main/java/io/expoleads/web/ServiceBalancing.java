package io.expoleads.web;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The instances behind each {@code lb://} route and the client that checks their health. Spring Cloud
 * LoadBalancer asks every instance's liveness probe every few seconds ({@code
 * spring.cloud.loadbalancer.health-check.*}) and balances round-robin over those that answer UP, or,
 * when none does, over those that did not answer in time ({@link ProbedInstances}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServicesProperties.class)
@LoadBalancerClients(defaultConfiguration = EachServiceBalancing.class)
class ServiceBalancing {

    @Bean
    ServiceInstances serviceInstances(ServicesProperties services) {
        return new ServiceInstances(Map.of(
                "exhibitor-service", services.exhibitor(),
                "lead-service", services.lead(),
                "notification-service", services.notification()));
    }

    /**
     * Short timeouts: an instance that does not answer its probe within them is out of the rotation
     * while another answers UP.
     */
    @Bean
    RestClient healthCheckClient(ServicesProperties services) {
        Duration timeout = services.healthCheckTimeout();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        return RestClient.builder().requestFactory(requests).build();
    }
}
