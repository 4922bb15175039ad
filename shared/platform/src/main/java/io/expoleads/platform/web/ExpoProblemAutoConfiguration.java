package io.expoleads.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.databind.DeserializationFeature;

/** Problem-detail error answers (RFC 9457), strict request bodies and the request size limit, for every service. */
@AutoConfiguration
@Import(ProblemAdvice.class)
@EnableConfigurationProperties(ExpoWebProperties.class)
public class ExpoProblemAutoConfiguration {

    /**
     * Request bodies name only fields the caller may set: an unknown field (status, exhibitor id,
     * booth...) is refused with 400 rather than silently ignored. Kafka consumers read with their
     * own, tolerant, copy of the mapper.
     */
    @Bean
    JsonMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(ExpoWebProperties web) {
        FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
                new RequestSizeLimit(web.maxRequestSize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Just inside the size limit, so it wraps the security filters too. */
    @Bean
    FilterRegistrationBean<StoreOutageFilter> storeOutageFilter() {
        FilterRegistrationBean<StoreOutageFilter> registration = new FilterRegistrationBean<>(new StoreOutageFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
