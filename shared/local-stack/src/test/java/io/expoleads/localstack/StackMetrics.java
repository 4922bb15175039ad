package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an operator's Prometheus sees of one process: its {@code /actuator/prometheus} exposition,
 * read into samples, checked by {@code promtool check metrics} (Debian's {@code prometheus}
 * package) and for label values that could be personal data or ids.
 */
final class StackMetrics {

    /** One line of the exposition: a series and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    static final Pattern UUID_LIKE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern EMAIL_LIKE = Pattern.compile("[^\\s@\"]+@[^\\s@\"]+\\.[a-zA-Z]{2,}");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String process;
    final String exposition;
    final List<Sample> samples;

    private StackMetrics(String process, String exposition) {
        this.process = process;
        this.exposition = exposition;
        this.samples = parse(exposition);
    }

    /** Scrapes {@code baseUrl}'s {@code /actuator/prometheus} as Prometheus does (text format). */
    static StackMetrics scrape(String process, String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                .header("Accept", "text/plain;version=0.0.4").timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(process + " /actuator/prometheus").isEqualTo(200);
        return new StackMetrics(process, answer.body());
    }

    static List<Sample> parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            assertThat(matcher.matches()).as("an exposition line: " + line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (matcher.group(2) != null) {
                Matcher label = LABEL.matcher(matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(3).replace("+Inf", "Infinity"))));
        }
        return samples;
    }

    /** The sum of the series named {@code name} whose labels include {@code labels}; NaN when none. */
    double sum(String name, Map<String, String> labels) {
        List<Sample> matching = series(name, labels);
        return matching.isEmpty() ? Double.NaN : matching.stream().mapToDouble(Sample::value).sum();
    }

    List<Sample> series(String name, Map<String, String> labels) {
        return samples.stream().filter(sample -> sample.name().equals(name)
                && sample.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }

    /** Every label value that reads as a UUID or an email address: none may. */
    List<String> personalLabels() {
        List<String> found = new ArrayList<>();
        for (Sample sample : samples) {
            sample.labels().forEach((label, value) -> {
                if (UUID_LIKE.matcher(value).find() || EMAIL_LIKE.matcher(value).find()) {
                    found.add(sample.name() + "{" + label + "=\"" + value + "\"}");
                }
            });
        }
        return found;
    }

    /** Writes the exposition to {@code dir/<process>.prom}, to read after a failure. */
    void keep(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(process + ".prom"), exposition);
    }

    /** {@code promtool check metrics} on the exposition: its exit code and what it said. */
    PromtoolVerdict promtool() throws IOException, InterruptedException {
        Path promtool = promtoolOnPath().orElseThrow(() -> new AssertionError(
                "promtool is not on the PATH: install Debian's prometheus package (apt-get install -y prometheus), as .ci/run does"));
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = check.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new AssertionError("promtool check metrics did not finish within 30 s for " + process);
        }
        return new PromtoolVerdict(check.exitValue(), said);
    }

    record PromtoolVerdict(int exitCode, String output) {

        /** One line per lint finding: the metric's name, then what is wrong with it. */
        List<String> findings() {
            return output.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private static Optional<Path> promtoolOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
    }
}
