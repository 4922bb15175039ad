package io.expoleads.platform.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How people reach the web apps, and what a request may carry, for every service.
 *
 * @param publicUrl      where people reach the web apps (the web tier), env {@code EXPO_WEB_PUBLIC_URL}: the
 *                       links in emails start with it, so a service does not start without it
 * @param maxRequestSize the largest request body a service reads; a larger one is refused with 413
 *                       before it is read whole
 */
@Validated
@ConfigurationProperties("expo.web")
public record ExpoWebProperties(
        @NotBlank @Pattern(regexp = "https?://\\S+", message = "must be an http or https URL such as http://localhost:8080")
        String publicUrl,
        @DefaultValue("16MB") DataSize maxRequestSize) {

    public ExpoWebProperties {
        if (maxRequestSize.toBytes() <= 0) {
            // None would refuse every request with a body.
            throw new IllegalArgumentException("expo.web.max-request-size must be more than 0, not " + maxRequestSize);
        }
    }

    /** The address of {@code path} (starting with /) on the web tier, however the URL was written (with a final / or not). */
    public String link(String path) {
        return (publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl) + path;
    }
}
