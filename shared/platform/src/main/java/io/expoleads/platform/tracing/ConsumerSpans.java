package io.expoleads.platform.tracing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.MDC;

/**
 * Spans for the records of a batch listener's poll. Spring Kafka observes record listeners, and
 * for a batch listener at most notes each record in an empty span before the batch runs
 * ({@code recordObservationsInBatch}): the work done with a record would join no trace. Here each
 * record gets a consumer span that is a child of the span that sent it (read from the record's
 * headers with the configured propagation), open while the poll is handled, and the work done for
 * that record runs {@link Poll#within within} it: an outbox event written there carries its trace.
 * A child rather than a link, as each span stands for exactly one record: the trace of one scan
 * then reads as one line from the scanner to the CRM, which is what an operator follows.
 */
public final class ConsumerSpans {

    /** Spans that are never recorded: for code run without tracing (unit tests). */
    public static final ConsumerSpans NONE = new ConsumerSpans(Tracer.NOOP, Propagator.NOOP);

    private static final Propagator.Getter<ConsumerRecord<?, ?>> HEADERS = (record, key) -> {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public ConsumerSpans(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The spans of one poll, named {@code name} (what is done with each record); close it when the poll is handled. */
    public Poll poll(String name) {
        return new Poll(name);
    }

    /** The spans of one poll's records, by a key of the caller's (a scan's id, an event's id). */
    public final class Poll implements AutoCloseable {

        private final String name;
        private final Map<Object, Span> spans = new LinkedHashMap<>();
        private final Map<Object, Map<String, String>> ids = new HashMap<>();

        private Poll(String name) {
            this.name = name;
        }

        /**
         * Starts the span of a record, a child of its sender's span.
         *
         * @param ids ids that say what the record is about (an exhibitor's, a scan's), as span tags and,
         *            while work runs {@link #within} it, in the log lines' MDC: never personal data
         */
        public void start(Object key, ConsumerRecord<?, ?> record, Map<String, String> ids) {
            if (spans.containsKey(key)) {
                return;
            }
            Span.Builder builder = propagator.extract(record, HEADERS)
                    .name(name)
                    .kind(Span.Kind.CONSUMER)
                    .tag("messaging.system", "kafka")
                    .tag("messaging.destination.name", record.topic())
                    .tag("messaging.kafka.partition", Integer.toString(record.partition()))
                    .tag("messaging.kafka.offset", Long.toString(record.offset()));
            ids.forEach(builder::tag);
            spans.put(key, builder.start());
            this.ids.put(key, Map.copyOf(ids));
        }

        /** Runs {@code work} with the span of {@code key} current and its ids in the MDC; as it is when there is none. */
        public <T> T within(Object key, Supplier<T> work) {
            Span span = spans.get(key);
            if (span == null) {
                return work.get();
            }
            List<MDC.MDCCloseable> logged = new ArrayList<>();
            try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
                ids.get(key).forEach((field, value) -> logged.add(MDC.putCloseable(field, value)));
                return work.get();
            } finally {
                logged.forEach(MDC.MDCCloseable::close);
            }
        }

        /** Marks every span of the poll with the failure that stopped it (the records are retried or dead-lettered). */
        public void failed(Throwable failure) {
            spans.values().forEach(span -> span.error(failure));
        }

        @Override
        public void close() {
            spans.values().forEach(Span::end);
            spans.clear();
        }
    }
}
