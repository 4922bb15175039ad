package io.expoleads.platform.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The spans of batch listeners' records ({@link ConsumerSpans}), on Boot's tracer and propagation;
 * spans that are never recorded where tracing is off (Boot's tests without tracing).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"},
        after = MicrometerTracingAutoConfiguration.class)
public class ExpoTracingAutoConfiguration {

    @Bean
    ConsumerSpans consumerSpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new ConsumerSpans(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}
