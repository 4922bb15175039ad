package io.expoleads.web;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * The instances each service's load balancer chooses from ({@link ProbedInstances}). Spring Cloud
 * LoadBalancer builds it into each service's own context ({@code @LoadBalancerClients} on
 * {@link ServiceBalancing}); it is neither a {@code @Configuration} nor nested in one, so the
 * application's own context does not build it without a service to build it for.
 */
class EachServiceBalancing {

    @Bean
    ServiceInstanceListSupplier probedInstances(ConfigurableApplicationContext context, RestClient healthCheckClient) {
        return ServiceInstanceListSupplier.builder().withBlockingDiscoveryClient()
                .with((built, instances) -> ProbedInstances.of(instances, built.getBean(LoadBalancerClientFactory.class),
                        healthCheckClient))
                .build(context);
    }
}
