package io.expoleads.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One of the services (or the web tier), run from its own Spring Boot jar as a JVM of its own.
 * Once supervised, a process that ends by itself (a crash, {@code kill -9}) is started again with
 * back-off, as an orchestrator would.
 */
final class ServiceProcess implements AutoCloseable {

    private static final String HOT_PATH = "lead-service";
    private static final String WEB_TIER = "web-app";
    /**
     * Every instance's memory beyond its heap (issue 14: 400 MB resident at 200 scans/s). The serial
     * collector keeps none of G1's remembered sets and card tables (about 50 MiB a service in native memory
     * tracking) and, on 2 cores shared by seven processes, gives up no parallelism it could have used. The
     * heap gives back what it does not use (at most 60 % of it free after a collection, not 70 %) and grows
     * to leave 30 % free after a full collection: with 10 % (sessions 6 to 18) a busy heap grew a few MB per
     * full collection, each of them about a second on these machines, and the web tier under the benchmark's
     * load made two to three times as many (docs/performance.md, session 19). A thread's stack is reserved at
     * 512 KB (1 MB by default; Tomcat's and the clients' threads are shallow). A service out of heap ends,
     * and the launcher starts it again ({@link RestartBackOff}), instead of limping on half-broken.
     * MALLOC_ARENA_MAX (environment) keeps glibc from giving each of a JVM's busy threads a malloc arena of
     * its own.
     */
    private static final List<String> RESIDENT_MEMORY = List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
            "-XX:MinHeapFreeRatio=30", "-XX:MaxHeapFreeRatio=60", "-Xss512k");
    private static final Duration RESTART_HEALTH_TIMEOUT = Duration.ofMinutes(3);

    private final String name;
    private final String instance;
    private final int port;
    private final List<String> options;
    private final Map<String, String> environment;
    private final Path log;
    private final ClassDataArchive archive;
    private final RestartBackOff backOff = new RestartBackOff();
    private volatile ChildProcess process;
    private volatile Instant startedAt;
    private volatile boolean stopping;
    private Thread supervisor;

    private ServiceProcess(String name, String instance, int port, List<String> options, Map<String, String> environment, Path log,
                           ClassDataArchive archive) {
        this.archive = archive;
        this.name = name;
        this.instance = instance;
        this.port = port;
        this.options = options;
        this.environment = environment;
        this.log = log;
    }

    static ServiceProcess start(Path root, String name, int port, Map<String, String> environment, Path logs,
                                ClassDataArchive archive) throws IOException {
        return start(root, name, name, port, environment, logs, archive);
    }

    /** The service's Spring Boot jar, as the build leaves it. */
    static Path jar(Path root, String name) {
        return root.resolve("services").resolve(name).resolve("target").resolve(name + ".jar");
    }

    /**
     * One instance of a service: {@code instance} names it on the console and its log file
     * ({@code lead-service}, {@code lead-service-2}); {@code name} is the service, whose jar it runs.
     */
    static ServiceProcess start(Path root, String name, String instance, int port, Map<String, String> environment, Path logs,
                                ClassDataArchive archive) throws IOException {
        Path jar = jar(root, name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        // The scan path is lead-service's: it gets the optimising compiler for its hot loops. Its heap
        // is capped at 256 MB, issue 14's bound: its exports stream (LeadExportHeapIT exports 100,000
        // leads in each format at that cap). The other two start faster and smaller with the quick
        // compiler only.
        // The web tier keeps nothing and streams what it proxies: a small heap is plenty.
        List<String> options = new java.util.ArrayList<>(HOT_PATH.equals(name)
                ? List.of("-Xms128m", "-Xmx256m")
                : WEB_TIER.equals(name)
                ? List.of("-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1")
                : List.of("-Xms128m", "-Xmx384m", "-XX:TieredStopAtLevel=1"));
        options.addAll(RESIDENT_MEMORY);
        Map<String, String> withMalloc = new java.util.HashMap<>(environment);
        withMalloc.putIfAbsent("MALLOC_ARENA_MAX", "2");
        ServiceProcess service = new ServiceProcess(name, instance, port, List.copyOf(options), Map.copyOf(withMalloc),
                logs.resolve(instance + ".log"), archive);
        service.launch();
        return service;
    }

    private void launch() throws IOException {
        // The instance's name on its command line: ps (and a test) tell the two instances apart.
        List<String> arguments = new java.util.ArrayList<>(List.of("-Dexpo.instance=" + instance));
        arguments.addAll(options);
        process = archive.start(instance, arguments, List.of(), environment, log);
        startedAt = Instant.now();
    }

    String name() {
        return name;
    }

    /** This instance's own name: the service's, with {@code -2} for a second instance. */
    String instance() {
        return instance;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** The running process's id (a new one after each restart). */
    long pid() {
        return process.pid();
    }

    /** Waits until {@code /actuator/health} answers UP. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        ChildProcess current = process;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!current.isAlive()) {
                throw new IllegalStateException(instance + " stopped while starting:\n" + current.tail(60));
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"") && current.isAlive()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(instance + " was not healthy within " + timeout.toSeconds() + " s; see " + log);
    }

    /**
     * From now on, a process that ends without {@link #close} is started again after the back-off,
     * each event told to {@code report} (service name, exit code and times only: nothing personal).
     */
    synchronized void supervise(Consumer<String> report) {
        if (supervisor != null || stopping) {
            return;
        }
        supervisor = new Thread(() -> superviseUntilClosed(report), "supervise-" + instance);
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private void superviseUntilClosed(Consumer<String> report) {
        while (!stopping) {
            ChildProcess current = process;
            try {
                current.onExit().join();
            } catch (RuntimeException e) {
                // onExit only completes normally; nothing to do but look again
            }
            if (stopping) {
                return;
            }
            Instant stopped = Instant.now();
            archive.ended(instance, current.exitValue());
            Duration ran = Duration.between(startedAt, stopped);
            Duration wait = backOff.after(ran);
            report.accept(String.format("%s (pid %d) stopped unexpectedly, exit code %d, after %d s; restarting it in %d s (restart %d)",
                    instance, current.pid(), current.exitValue(), ran.toSeconds(), wait.toSeconds(), backOff.restarts()));
            try {
                Thread.sleep(wait.toMillis());
                synchronized (this) {
                    if (stopping) {
                        return;
                    }
                    launch();
                }
                awaitHealthy(RESTART_HEALTH_TIMEOUT);
                report.accept(String.format("%s is back (pid %d): healthy %.1f s after it stopped",
                        instance, process.pid(), Duration.between(stopped, Instant.now()).toMillis() / 1000.0));
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!stopping) {
                    report.accept(instance + " did not come back: " + firstLine(e.getMessage()) + "; see " + log);
                }
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    @Override
    public void close() {
        Thread watching;
        synchronized (this) {
            stopping = true;
            watching = supervisor;
        }
        if (watching != null) {
            watching.interrupt();
        }
        ChildProcess last = process;
        last.close();
        if (!last.isAlive()) {
            archive.ended(instance, last.exitValue());
        }
    }
}
