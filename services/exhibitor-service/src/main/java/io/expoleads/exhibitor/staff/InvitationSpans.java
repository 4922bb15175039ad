package io.expoleads.exhibitor.staff;

import java.util.regex.Pattern;

import io.micrometer.common.KeyValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

/**
 * Spans of requests naming an invitation show its route, not its code: the code accepts the
 * invitation (a credential until used), and traces are kept by a collector outside the service.
 */
@Configuration(proxyBeanMethods = false)
class InvitationSpans {

    private static final Pattern CODE = Pattern.compile("/api/invitations/[^/?]+");

    @Bean
    ServerRequestObservationConvention invitationCodesHidden() {
        return new DefaultServerRequestObservationConvention() {
            @Override
            protected KeyValue httpUrl(ServerRequestObservationContext context) {
                KeyValue url = super.httpUrl(context);
                return KeyValue.of(url.getKey(), CODE.matcher(url.getValue()).replaceAll("/api/invitations/{token}"));
            }
        };
    }
}
