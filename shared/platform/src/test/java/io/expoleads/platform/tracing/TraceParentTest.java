package io.expoleads.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceParentTest {

    private final SdkTracerProvider provider = SdkTracerProvider.builder().build();
    private final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void outside_a_trace_there_is_nothing_to_keep_and_nothing_to_resume() throws Exception {
        assertThat(TraceParent.current()).isNull();
        try (Scope ignored = TraceParent.resume(null); Scope unreadable = TraceParent.resume("not a traceparent")) {
            assertThat(Span.current().getSpanContext().isValid()).isFalse();
        }
    }

    @Test
    void work_resumed_on_another_thread_continues_the_trace_that_kept_it() throws Exception {
        Span writer = tracer.spanBuilder("write").startSpan();
        String kept;
        try (Scope ignored = writer.makeCurrent()) {
            kept = TraceParent.current();
        } finally {
            writer.end();
        }
        // W3C: version, trace id, span id, flags (sampled, and the SDK's random trace id flag).
        assertThat(kept).isEqualTo("00-" + writer.getSpanContext().getTraceId() + "-" + writer.getSpanContext().getSpanId() + "-"
                + writer.getSpanContext().getTraceFlags().asHex());
        assertThat(writer.getSpanContext().isSampled()).isTrue();

        Span relayed = CompletableFuture.supplyAsync(() -> {
            try (Scope ignored = TraceParent.resume(kept)) {
                Span send = tracer.spanBuilder("send").startSpan();
                send.end();
                return send;
            }
        }).get();
        assertThat(relayed.getSpanContext().getTraceId()).isEqualTo(writer.getSpanContext().getTraceId());
        assertThat(((io.opentelemetry.sdk.trace.ReadableSpan) relayed).getParentSpanContext().getSpanId())
                .isEqualTo(writer.getSpanContext().getSpanId());
        // The scope is closed: the thread is back outside any trace.
        assertThat(CompletableFuture.supplyAsync(TraceParent::current).get()).isNull();
    }
}
