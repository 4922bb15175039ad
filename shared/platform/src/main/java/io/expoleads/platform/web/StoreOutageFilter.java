package io.expoleads.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store being away is a 503 even where {@link ProblemAdvice} does not reach: in a filter before
 * the controllers (signing in looks up the account, checking a token may read keys), where Boot's
 * error page would otherwise answer 500.
 */
final class StoreOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(StoreOutageFilter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!StoreUnavailable.causedBy(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("Store unavailable during {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            response.reset();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(StoreUnavailable.RETRY_AFTER_SECONDS));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write(JSON.writeValueAsString(StoreUnavailable.problem()));
        }
    }
}
