package io.expoleads.web;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Where each service's instances answer, as the operator lists them ({@code expo.services.lead:
 * http://a:8082,http://b:8082}). The web tier's load balancer spreads {@code /api} over the ones
 * whose health check passes. A list from configuration rather than a registry: the instances of a
 * fair's deployment are known when it is set up (compose, Kubernetes services, the local launcher).
 */
class ServiceInstances implements DiscoveryClient {

    private final Map<String, List<ServiceInstance>> instances;

    ServiceInstances(Map<String, String> urlsByService) {
        this.instances = urlsByService.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, entry -> parse(entry.getKey(), entry.getValue())));
    }

    private static List<ServiceInstance> parse(String service, String urls) {
        List<String> each = Arrays.stream(urls.split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
        if (each.isEmpty()) {
            throw new IllegalArgumentException("no instance is configured for " + service);
        }
        return IntStream.range(0, each.size()).mapToObj(index -> {
            URI uri = URI.create(each.get(index));
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL for " + service + ": " + each.get(index));
            }
            boolean secure = "https".equals(uri.getScheme());
            int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
            return (ServiceInstance) new DefaultServiceInstance(service + "-" + (index + 1), service, uri.getHost(), port,
                    secure, Map.of());
        }).toList();
    }

    @Override
    public String description() {
        return "Expo Leads service instances from expo.services.*";
    }

    @Override
    public List<ServiceInstance> getInstances(String serviceId) {
        return instances.getOrDefault(serviceId, List.of());
    }

    @Override
    public List<String> getServices() {
        return List.copyOf(instances.keySet());
    }
}
