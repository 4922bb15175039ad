package io.expoleads.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Where each web app lives. An app is served under its own folder ({@code /scan/}), the scope of
 * its service worker, so the bare name redirects to it; the folder serves the app's page.
 */
@Configuration(proxyBeanMethods = false)
class WebApps implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", "/scan/");
        registry.addRedirectViewController("/scan", "/scan/");
        registry.addViewController("/scan/").setViewName("forward:/scan/index.html");
        registry.addRedirectViewController("/dashboard", "/dashboard/");
        registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
        registry.addRedirectViewController("/privacy", "/privacy/");
        registry.addViewController("/privacy/").setViewName("forward:/privacy/index.html");
        // The APIs' page and the topic contract's document.
        registry.addRedirectViewController("/api-docs", "/api-docs/");
        registry.addViewController("/api-docs/").setViewName("forward:/api-docs/index.html");
    }
}
