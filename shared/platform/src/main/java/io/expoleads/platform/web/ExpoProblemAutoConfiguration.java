package io.expoleads.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Problem-detail error answers (RFC 9457) for every service. */
@AutoConfiguration
@Import(ProblemAdvice.class)
public class ExpoProblemAutoConfiguration {
}
