package io.expoleads.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers for the web apps' own files. The apps load nothing from elsewhere and keep
 * access tokens in the page, so the content security policy allows this origin only: an injected
 * script could not run, nor send a token away. API answers pass through as the services made them.
 */
@Component
class PageHeaders extends OncePerRequestFilter {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
            + " media-src 'self' blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self';"
            + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        // The scanner asks for the camera; nothing else may.
        response.setHeader("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
        chain.doFilter(request, response);
    }
}
