package io.expoleads.web;

import java.util.Locale;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Tells the services behind the web tier which address the browser connected from, as
 * {@code X-Forwarded-For}, so that exhibitor-service throttles failed sign-ins per browser rather
 * than per web tier. The web tier is where browsers connect, so whatever forwarding headers a
 * client sent are dropped: a client cannot choose the address it is counted under. Behind a load
 * balancer, trust it the Spring Boot way ({@code server.forward-headers-strategy=native} and
 * {@code server.tomcat.remoteip.internal-proxies} matching its address): the request's remote
 * address is then the browser's again, and this stays right.
 */
@Component
class ClientAddress implements HttpHeadersFilter.RequestHttpHeadersFilter, Ordered {

    @Override
    public HttpHeaders apply(HttpHeaders input, ServerRequest request) {
        HttpHeaders headers = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!isForwarding(name.toLowerCase(Locale.ROOT))) {
                headers.addAll(name, values);
            }
        });
        headers.set("X-Forwarded-For", request.servletRequest().getRemoteAddr());
        return headers;
    }

    /** A header (its name in lower case) that says where a request came from: a client's own is never passed on. */
    static boolean isForwarding(String lowerCaseName) {
        return lowerCaseName.startsWith("x-forwarded-") || lowerCaseName.equals("forwarded") || lowerCaseName.equals("x-real-ip");
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
