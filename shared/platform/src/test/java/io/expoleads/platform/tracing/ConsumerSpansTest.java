package io.expoleads.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Batch listeners' record spans on the Micrometer Tracing OpenTelemetry bridge, as Boot sets it up. */
class ConsumerSpansTest {

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    })).build();
    private final io.opentelemetry.api.trace.Tracer otel = provider.get("test");
    private final ConsumerSpans spans = new ConsumerSpans(new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { }),
            new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void each_record_is_a_child_of_the_send_that_produced_it_and_its_work_runs_in_that_span() {
        Span send = otel.spanBuilder("expo.scans.v1 send").setSpanKind(SpanKind.PRODUCER).startSpan();
        RecordHeaders headers = new RecordHeaders();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(send), headers,
                (carrier, key, value) -> carrier.add(key, value.getBytes(StandardCharsets.UTF_8)));
        send.end();
        ConsumerRecord<String, String> sent = record(7, headers);
        ConsumerRecord<String, String> withoutTrace = record(8, new RecordHeaders());

        String kept;
        try (ConsumerSpans.Poll poll = spans.poll("lead capture")) {
            poll.start("scan-1", sent, Map.of("exhibitorId", "e-1", "scanId", "scan-1"));
            poll.start("scan-2", withoutTrace, Map.of("scanId", "scan-2"));
            kept = poll.within("scan-1", () -> {
                assertThat(MDC.get("scanId")).isEqualTo("scan-1");
                return TraceParent.current();
            });
            assertThat(MDC.get("scanId")).as("the ids leave the MDC with the work").isNull();
            assertThat(poll.within("another", TraceParent::current)).as("work of a record without a span").isNull();
        }

        SpanData capture = exported.stream().filter(span -> span.getName().equals("lead capture")
                && "scan-1".equals(span.getAttributes().get(AttributeKey.stringKey("scanId")))).findFirst().orElseThrow();
        assertThat(capture.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(capture.getTraceId()).isEqualTo(send.getSpanContext().getTraceId());
        assertThat(capture.getParentSpanId()).isEqualTo(send.getSpanContext().getSpanId());
        assertThat(capture.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo("expo.scans.v1");
        assertThat(capture.getAttributes().get(AttributeKey.stringKey("exhibitorId"))).isEqualTo("e-1");
        assertThat(kept).as("what the record's work writes carries its span")
                .contains(capture.getTraceId()).contains(capture.getSpanId());

        SpanData unrelated = exported.stream().filter(span -> "scan-2".equals(span.getAttributes().get(AttributeKey.stringKey("scanId"))))
                .findFirst().orElseThrow();
        assertThat(unrelated.getParentSpanContext().isValid()).as("a record sent outside a trace starts one").isFalse();
        try (Scope ignored = Context.root().makeCurrent()) {
            assertThat(TraceParent.current()).isNull();
        }
    }

    private static ConsumerRecord<String, String> record(long offset, RecordHeaders headers) {
        return new ConsumerRecord<>("expo.scans.v1", 3, offset, 0L, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, "key", "value", headers, java.util.Optional.empty());
    }
}
