package io.expoleads.observability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A command-line checker these tests run (promtool, docker-compose): found on the PATH or the test fails, saying what to install. */
record Tool(Path executable) {

    static final String PROMTOOL = "install Debian's prometheus package (apt-get install -y prometheus)";
    /** The Compose file validator alone: its recommended Docker engine is not needed. */
    static final String DOCKER_COMPOSE = "install Debian's docker-compose package (apt-get install -y --no-install-recommends docker-compose)";

    /** What one run of the tool said. */
    record Run(int exitCode, String output) {
    }

    static Tool require(String name, String install) {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
        // Never skipped: the checks are the point of these tests, and CI installs the tool (.ci/run).
        return new Tool(found.orElseThrow(() -> new AssertionError(name + " is not on the PATH: " + install + ", as .ci/run does")));
    }

    Run run(Path directory, Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    Run run(Path directory, String... arguments) throws IOException, InterruptedException {
        return run(directory, Map.of(), arguments);
    }
}
