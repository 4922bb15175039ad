package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

/** The launcher jar run as a user runs it, in a process of its own, and everything it printed so far. */
record Launcher(Process process, StringBuffer printed) {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    /** Starts {@code java -jar expo-local-stack.jar --data=... <options>} and waits until it says it is ready. */
    static Launcher launch(Path data, List<String> options) {
        return launch(data, options, java.util.Map.of());
    }

    /** The same, with variables added to the launcher's environment (which every process it starts inherits). */
    static Launcher launch(Path data, List<String> options, java.util.Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "expo-local-stack.jar").toAbsolutePath().toString(), "--data=" + data));
        command.addAll(options);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        StringBuffer printed = new StringBuffer();
        // Also kept in the data folder beside the parts' logs: after a failure, what the launcher said (its
        // store's and mail server's errors among it) is there with the rest. Not the line that shows the
        // organizer's password at the first start: secrets stay out of log files.
        Path console = data.resolve("logs").resolve("launcher-console.log");
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 java.io.Writer copy = java.nio.file.Files.newBufferedWriter(java.nio.file.Files.createDirectories(console.getParent())
                         .resolve(console.getFileName()), StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    printed.append(line).append('\n');
                    if (!line.startsWith("  Organizer login")) {
                        copy.write(line + System.lineSeparator());
                        copy.flush();
                    }
                }
            } catch (IOException ignored) {
                // the launcher ended
            }
        });
        pump.setDaemon(true);
        pump.start();
        try {
            await().atMost(START_TIMEOUT).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the launcher ended while starting:\n" + printed);
                }
                return printed.toString().contains("Press Ctrl-C to stop.");
            });
        } catch (ConditionTimeoutException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the launcher was not ready within " + START_TIMEOUT + ":\n" + printed, e);
        }
        return new Launcher(process, printed);
    }

    String output() {
        return printed.toString();
    }

    /** Types a command on the launcher's console (store stop, kafka start 2...) and waits for its answer line. */
    String type(String command, String answerContains) {
        int before = printed.length();
        try {
            process.getOutputStream().write((command + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> printed.substring(before).contains(answerContains));
        return printed.substring(before);
    }

    /** After a test, whatever happened: SIGTERM (as a service manager stops it), then SIGKILL for it and what it started. */
    void stopQuietly() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Ctrl-C: SIGINT to the launcher, then wait for it to finish stopping. */
    void interrupt() throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("launcher stopped within 2 minutes").isTrue();
    }
}
