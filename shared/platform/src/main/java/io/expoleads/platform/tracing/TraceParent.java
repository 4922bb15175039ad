package io.expoleads.platform.tracing;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The trace a piece of work belongs to, kept with work done later on another thread (an outbox
 * event relayed after its write, a delivery attempted by a worker) as a W3C {@code traceparent}
 * and made current again when that work runs, so its spans join the trace that asked for it.
 * OpenTelemetry's own W3C propagator reads and writes the value; the Micrometer Tracing bridge
 * keeps its current span in OpenTelemetry's context, which is what is read and restored here.
 */
public final class TraceParent {

    public static final String HEADER = "traceparent";

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceParent() {
    }

    /** The current span as a {@code traceparent} value; null outside any trace (tracing off, or no span open). */
    public static String current() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /**
     * Makes the span a {@code traceparent} names the current parent until the scope is closed: spans
     * started meanwhile (a Kafka send, an attempt) are its children. Nothing changes for a null or
     * unreadable value (work stored before traces were kept).
     */
    public static Scope resume(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Scope.noop();
        }
        Context stored = W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(HEADER, traceparent), GETTER);
        if (!Span.fromContext(stored).getSpanContext().isValid()) {
            return Scope.noop();
        }
        return stored.makeCurrent();
    }
}
