package io.expoleads.web;

import java.net.URI;

import io.micrometer.common.KeyValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * The web tier's calls to the services, as spans of the caller's trace, name the URL they called
 * without its query: a query may hold what a user searched for (a lead list's {@code q}, a visitor's
 * name), and personal data stays out of traces as out of logs.
 */
@Configuration(proxyBeanMethods = false)
class ProxiedCallSpans {

    @Bean
    ClientRequestObservationConvention proxiedCallConvention() {
        return new DefaultClientRequestObservationConvention() {
            @Override
            protected KeyValue requestUri(ClientRequestObservationContext context) {
                ClientHttpRequest request = context.getCarrier();
                if (request == null) {
                    return super.requestUri(context);
                }
                URI called = request.getURI();
                return KeyValue.of("http.url", called.getScheme() + "://" + called.getRawAuthority() + called.getRawPath());
            }
        };
    }
}
