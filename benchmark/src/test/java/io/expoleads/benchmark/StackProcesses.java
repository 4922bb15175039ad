package io.expoleads.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher's processes on this machine (found by the lead-service instance listening on the
 * lead port: its parent is the launcher), their resident memory sampled every second from
 * {@code /proc/<pid>/status} (VmRSS), the highest kept per process, and the stack's cold start:
 * from the launcher's start to the last service ready (each service's own
 * {@code process_start_time_seconds} plus {@code application_ready_time_seconds}).
 */
final class StackProcesses implements AutoCloseable {

    private static final Pattern INSTANCE = Pattern.compile("-Dexpo\\.instance=(\\S+)");

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> highestKiB = new ConcurrentHashMap<>();
    private final Optional<ProcessHandle> launcher;
    private final Thread sampler;
    private final Map<String, Map<String, Long>> byPhase = new LinkedHashMap<>();
    private volatile String phase = "set-up";
    private volatile boolean sampling = true;

    StackProcesses(Settings settings) {
        int leadPort = URI.create(settings.leadUrl()).getPort();
        launcher = ProcessHandle.allProcesses()
                .filter(process -> commandLine(process.pid()).contains("-Dexpo.instance=lead-service")
                        && environment(process.pid()).contains("SERVER_PORT=" + leadPort))
                .findFirst().flatMap(ProcessHandle::parent);
        launcher.ifPresent(parent -> {
            pids.put("launcher (store, mail)", parent.pid());
            parent.children().forEach(child -> {
                String command = commandLine(child.pid());
                Matcher instance = INSTANCE.matcher(command);
                String name = instance.find() ? instance.group(1) : command.contains("kafka.Kafka") ? "kafka-" + child.pid() : null;
                if (name != null) {
                    pids.put(name, child.pid());
                }
            });
        });
        sampler = new Thread(this::sample, "benchmark-rss");
        sampler.setDaemon(true);
        sampler.start();
    }

    boolean found() {
        return launcher.isPresent();
    }

    /** The highest resident memory seen per process since the last reset, in MiB. */
    Map<String, Long> highestMiB() {
        Map<String, Long> figures = new LinkedHashMap<>();
        pids.keySet().forEach(name -> figures.put(name, highestKiB.getOrDefault(name, 0L) / 1024));
        return figures;
    }

    /**
     * From now on the samples are the named phase's (a rate, the exports): the highest of the phase
     * before are kept under its name.
     */
    void phase(String next) {
        if (next.equals(phase)) {
            return;
        }
        synchronized (byPhase) {
            if (!next.equals(phase)) {
                byPhase.put(phase, highestMiB());
                highestKiB.clear();
                phase = next;
            }
        }
    }

    /** The phase under way now. */
    String phase() {
        return phase;
    }

    /** The highest resident memory of each process in each phase so far, in MiB. */
    Map<String, Map<String, Long>> byPhase() {
        synchronized (byPhase) {
            Map<String, Map<String, Long>> figures = new LinkedHashMap<>(byPhase);
            figures.put(phase, highestMiB());
            return figures;
        }
    }

    /** Seconds from the launcher's start to the last of the services ready, or empty when not known. */
    Optional<Double> coldStartSeconds(List<String> serviceUrls) {
        Optional<Instant> started = launcher.flatMap(process -> process.info().startInstant());
        if (started.isEmpty()) {
            return Optional.empty();
        }
        double lastReady = 0;
        for (String url : serviceUrls) {
            Map<String, Double> metrics = scrape(url);
            Double start = metrics.get("process_start_time_seconds");
            Double ready = metrics.get("application_ready_time_seconds");
            if (start == null || ready == null) {
                return Optional.empty();
            }
            lastReady = Math.max(lastReady, start + ready);
        }
        return Optional.of(lastReady - started.get().toEpochMilli() / 1000.0);
    }

    private void sample() {
        while (sampling) {
            pids.forEach((name, pid) -> residentKiB(pid).ifPresent(kib -> highestKiB.merge(name, kib, Math::max)));
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Optional<Long> residentKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process is gone (restarted); the next sample tries again.
        }
        return Optional.empty();
    }

    private static String commandLine(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "cmdline"));
    }

    private static String environment(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "environ"));
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The untagged samples of a service's Prometheus exposition (first value of each name). */
    private static Map<String, Double> scrape(String url) {
        Map<String, Double> samples = new LinkedHashMap<>();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : answer.body().split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String name = line.split("[{ ]", 2)[0];
                String[] parts = line.split(" ");
                try {
                    samples.putIfAbsent(name, Double.parseDouble(parts[parts.length - 1]));
                } catch (NumberFormatException e) {
                    // A sample with a timestamp or an odd value is not one of those read here.
                }
            }
        } catch (IOException e) {
            return samples;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        sampling = false;
        sampler.interrupt();
        sampler.join(2_000);
    }
}
