package io.expoleads.platform.web;

import java.util.List;

import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Each service's OpenAPI document (springdoc, {@code /v3/api-docs}), as the web tier's API page lists it. */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class ExpoApiDocsAutoConfiguration {

    /**
     * The API answers where its document was read from: directly, or through the web tier's one API
     * page (/api-docs/), whose calls then stay on the web tier's origin. springdoc would name the
     * service's own address, which a browser on the web tier's page can neither reach nor be allowed to.
     */
    @Bean
    OpenApiCustomizer expoRelativeServer() {
        return openApi -> openApi.setServers(List.of(new Server().url("/").description("where this document was read from")));
    }
}
