package io.expoleads.embeddedstore;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the store, through its port as the services do, whether it answers: a {@code ping} on a new
 * connection every {@code every} while it listens. When it has not answered for {@code misses} asks in a
 * row, it says so once, with every thread of the process and what each holds and waits for: the store
 * once stopped answering for minutes under a benchmark (every service met {@code MongoTimeoutException},
 * nothing else was logged; issue 14, session 6), and a stall that ends or is restarted away leaves no
 * other trace of its cause. When it answers again, it says after how long.
 *
 * <p>The ping is written here rather than by the MongoDB driver: a driver client keeps monitor threads
 * and logs each connection it opens and loses, into the same log, every time the console or a test
 * stops the store on purpose; one {@code OP_MSG} on a plain socket asks the same question and opens a
 * new connection each time, the step the stalled store refused.
 */
final class StoreWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreWatchdog.class);
    private static final int OP_MSG = 2013;
    private static final int HEADER = 16;
    private static final int LARGEST_ANSWER = 1 << 20;

    private final BooleanSupplier listening;
    private final BooleanSupplier answers;
    private final int misses;
    private final Duration every;
    private final ScheduledExecutorService timer;
    private int missed;
    private long silentSince;
    private boolean reported;

    /**
     * @param listening whether the store is meant to answer now (not stopped on purpose)
     * @param answers   one ask: true when it answered
     */
    StoreWatchdog(BooleanSupplier listening, BooleanSupplier answers, Duration every, int misses) {
        this.listening = listening;
        this.answers = answers;
        this.every = every;
        this.misses = misses;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "store-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A watchdog that pings the store on its port ({@code port} read at each ask: it is known once bound). */
    static StoreWatchdog pinging(BooleanSupplier listening, IntSupplier port, Duration every, int misses) {
        int timeout = (int) Math.min(every.toMillis(), Duration.ofSeconds(5).toMillis());
        return new StoreWatchdog(listening, () -> ping(port.getAsInt(), timeout), every, misses);
    }

    StoreWatchdog start() {
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One ask, and what it says; on the watchdog's thread (or a test's). */
    synchronized void check() {
        if (!listening.getAsBoolean()) {
            // Stopped on purpose (the console, a test's outage): silence is expected, and a new count starts.
            missed = 0;
            reported = false;
            return;
        }
        boolean answered;
        try {
            answered = answers.getAsBoolean();
        } catch (RuntimeException failed) {
            answered = false;
        }
        if (answered) {
            if (reported) {
                log.warn("The store answers again, {} s after it last failed to", seconds(System.nanoTime() - silentSince));
            }
            missed = 0;
            reported = false;
            return;
        }
        if (missed++ == 0) {
            silentSince = System.nanoTime();
        }
        if (missed >= misses && !reported) {
            reported = true;
            log.error("The store has not answered a ping on its port for {} s ({} asks in a row) while listening: every "
                    + "service's commands wait or time out. The launcher's threads now:\n{}", seconds(System.nanoTime() - silentSince),
                    missed, threads());
        }
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    /** Every thread of this process with its whole stack, the monitors and locks it holds and the one it waits for. */
    static String threads() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
            if (thread.getLockName() != null) {
                dump.append(" on ").append(thread.getLockName());
            }
            if (thread.getLockOwnerName() != null) {
                dump.append(" held by \"").append(thread.getLockOwnerName()).append('"');
            }
            dump.append('\n');
            StackTraceElement[] stack = thread.getStackTrace();
            for (int depth = 0; depth < stack.length; depth++) {
                dump.append("\tat ").append(stack[depth]).append('\n');
                for (MonitorInfo monitor : thread.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == depth) {
                        dump.append("\t- holds ").append(monitor).append('\n');
                    }
                }
            }
            for (LockInfo lock : thread.getLockedSynchronizers()) {
                dump.append("\t- holds ").append(lock).append('\n');
            }
            dump.append('\n');
        }
        return dump.toString();
    }

    /** {@code {ping: 1}} on a new connection, as an {@code OP_MSG}; true when the answer says ok. */
    static boolean ping(int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(pingMessage());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[HEADER];
            in.readFully(header);
            int length = Unpooled.wrappedBuffer(header).getIntLE(0);
            if (length <= HEADER + 5 || length > LARGEST_ANSWER) {
                return false;
            }
            byte[] body = new byte[length - HEADER];
            in.readFully(body);
            // Flag bits (4 bytes), then the body section: kind 0 and one document.
            ByteBuf answer = Unpooled.wrappedBuffer(body, 5, body.length - 5);
            Object ok = BsonDecoder.decodeBson(answer).get("ok");
            return ok instanceof Number number && number.doubleValue() == 1.0;
        } catch (IOException | RuntimeException noAnswer) {
            return false;
        }
    }

    private static byte[] pingMessage() {
        ByteBuf document = Unpooled.buffer();
        BsonEncoder.encodeDocument(new Document("ping", 1).append("$db", "admin"), document);
        ByteBuf message = Unpooled.buffer();
        message.writeIntLE(HEADER + 4 + 1 + document.readableBytes());
        message.writeIntLE(1);
        message.writeIntLE(0);
        message.writeIntLE(OP_MSG);
        message.writeIntLE(0);
        message.writeByte(0);
        message.writeBytes(document);
        byte[] bytes = new byte[message.readableBytes()];
        message.readBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
