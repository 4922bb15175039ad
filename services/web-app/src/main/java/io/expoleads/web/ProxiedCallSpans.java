package io.expoleads.web;

import java.net.URI;
import java.util.regex.Pattern;

import io.micrometer.common.KeyValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * The web tier's calls to the services, as spans of the caller's trace, name the URL they called
 * without its query: a query may hold what a user searched for (a lead list's {@code q}, a visitor's
 * name), and personal data stays out of traces as out of logs. Neither those calls nor the requests
 * they proxy name an invitation's code (a credential until used): its route stands in for it.
 */
@Configuration(proxyBeanMethods = false)
class ProxiedCallSpans {

    private static final Pattern INVITATION_CODE = Pattern.compile("/api/invitations/[^/?]+");

    static String withoutInvitationCode(String path) {
        return INVITATION_CODE.matcher(path).replaceAll("/api/invitations/{token}");
    }

    @Bean
    ServerRequestObservationConvention proxiedRequestConvention() {
        return new DefaultServerRequestObservationConvention() {
            @Override
            protected KeyValue httpUrl(ServerRequestObservationContext context) {
                KeyValue url = super.httpUrl(context);
                return KeyValue.of(url.getKey(), withoutInvitationCode(url.getValue()));
            }
        };
    }

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
                return KeyValue.of("http.url", called.getScheme() + "://" + called.getRawAuthority()
                        + withoutInvitationCode(called.getRawPath()));
            }
        };
    }
}
