package io.expoleads.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * An OTLP/HTTP trace receiver in the test JVM, as a collector would be: the processes of the shared
 * stack export their spans to it ({@link #environment}), every trace kept, and it decodes each
 * export with OpenTelemetry's own protobuf messages. One per test JVM, started at first use.
 */
final class TraceCollector {

    /** One span as exported, its ids in hex as in a {@code traceparent}; {@code parentSpanId} empty for a root. */
    record ExportedSpan(String service, String traceId, String spanId, String parentSpanId, String name, Kind kind,
                        Map<String, String> attributes) {

        String attribute(String key) {
            return attributes.get(key);
        }
    }

    enum Kind { UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER }

    private static TraceCollector instance;

    private final HttpServer server;
    private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private TraceCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", this::export);
        server.start();
    }

    static synchronized TraceCollector get() {
        if (instance == null) {
            try {
                instance = new TraceCollector();
            } catch (IOException e) {
                throw new IllegalStateException("the trace receiver did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> instance.server.stop(0)));
        }
        return instance;
    }

    /**
     * What a process needs to export every trace here: the endpoint, every trace sampled, and spans
     * sent every 200 ms rather than 5 s, so a test does not wait for them.
     */
    Map<String, String> environment() {
        return Map.of("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces",
                "MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0",
                "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULEDELAY", "200ms");
    }

    /** Every span received so far. */
    List<ExportedSpan> all() {
        return List.copyOf(spans);
    }

    /** The spans of one trace received so far. */
    List<ExportedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** What could not be taken, for a test's failure message: nothing when every export was read. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            ExportTraceServiceRequest request;
            try {
                request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
            } catch (IOException | RuntimeException | LinkageError unreadable) {
                refused.add(unreadable.toString());
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            HexFormat hex = HexFormat.of();
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service = attributes(resource.getResource().getAttributesList()).get("service.name");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                        spans.add(new ExportedSpan(service, hex.formatHex(span.getTraceId().toByteArray()),
                                hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
                                span.getName(), Kind.values()[Math.min(span.getKindValue(), Kind.values().length - 1)],
                                attributes(span.getAttributesList())));
                    }
                }
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private static Map<String, String> attributes(List<KeyValue> values) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue value : values) {
            var any = value.getValue();
            attributes.put(value.getKey(), switch (any.getValueCase()) {
                case STRING_VALUE -> any.getStringValue();
                case INT_VALUE -> Long.toString(any.getIntValue());
                case BOOL_VALUE -> Boolean.toString(any.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(any.getDoubleValue());
                default -> any.toString().strip();
            });
        }
        return attributes;
    }
}
