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

/** One of the services (or the web tier), run from its own Spring Boot jar as a JVM of its own. */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private static final String HOT_PATH = "lead-service";
    private static final String WEB_TIER = "web-app";

    private final ChildProcess process;

    private ServiceProcess(String name, int port, ChildProcess process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    static ServiceProcess start(Path root, String name, int port, Map<String, String> environment, Path logs)
            throws IOException {
        Path jar = root.resolve("services").resolve(name).resolve("target").resolve(name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        // The scan path is lead-service's: it gets the optimising compiler for its hot loops. The
        // other two start faster and smaller with the quick compiler only.
        // The web tier keeps nothing and streams what it proxies: a small heap is plenty.
        List<String> options = HOT_PATH.equals(name)
                ? List.of("-Xms256m", "-Xmx512m", "-jar", jar.toString())
                : WEB_TIER.equals(name)
                ? List.of("-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                : List.of("-Xms128m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
        ChildProcess process = ChildProcess.startJava(name, options, environment, logs.resolve(name + ".log"));
        return new ServiceProcess(name, port, process);
    }

    String name() {
        return name;
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** Waits until {@code /actuator/health} answers UP. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " stopped while starting:\n" + process.tail(60));
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"") && process.isAlive()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " was not healthy within " + timeout.toSeconds() + " s; see " + process.log());
    }

    @Override
    public void close() {
        process.close();
    }
}
