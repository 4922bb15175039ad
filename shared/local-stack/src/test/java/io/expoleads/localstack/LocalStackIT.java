package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.expoleads.testsupport.HttpJson;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a user runs it: the launcher jar, on the embedded default (its own
 * Kafka broker, mongo-java-server on an H2 file, GreenMail), stopped with Ctrl-C and started
 * again on the same data.
 */
class LocalStackIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    @Test
    void starts_everything_stops_on_ctrl_c_and_keeps_its_data_across_a_restart() throws Exception {
        Path data = Files.createTempDirectory("expo-local");
        List<String> ports = List.of(
                "--kafka-port=" + freePort(), "--kafka-controller-port=" + freePort(), "--mongo-port=" + freePort(),
                "--smtp-port=" + freePort(), "--imap-port=" + freePort(),
                "--exhibitor-port=" + freePort(), "--lead-port=" + freePort(), "--notification-port=" + freePort(),
                "--web-port=" + freePort());
        int exhibitorPort = Integer.parseInt(ports.get(5).substring(ports.get(5).indexOf('=') + 1));

        Launched first = launch(data, ports);
        assertThat(first.output()).contains("exhibitor-service", "lead-service", "notification-service", "Organizer login");
        int webPort = Integer.parseInt(ports.get(8).substring(ports.get(8).indexOf('=') + 1));
        assertThat(first.output()).contains("http://localhost:" + webPort + "/scan/");
        String password = Files.readAllLines(data.resolve("local-credentials.properties")).stream()
                .filter(line -> line.startsWith("organizer.password=")).findFirst().orElseThrow().substring("organizer.password=".length());
        assertThat(first.output()).contains(password);
        java.util.Properties credentials = new java.util.Properties();
        try (java.io.Reader reader = Files.newBufferedReader(data.resolve("local-credentials.properties"))) {
            credentials.load(reader);
        }
        String keyEncryptionKey = credentials.getProperty("privacy.key-encryption-key");
        assertThat(java.util.Base64.getDecoder().decode(keyEncryptionKey)).as("32 random bytes").hasSize(32);
        assertThat(first.output()).as("the key-encryption key is never printed").doesNotContain(keyEncryptionKey);
        // Through the web tier, as the web apps call the API.
        HttpJson organizer = new HttpJson("http://localhost:" + webPort).signedIn("organizer", password);
        HttpJson.Answer edition = organizer.post("/api/editions", HttpJson.json(Map.of(
                "name", "Smart City Expo Casablanca 2026", "venue", "OFEC Casablanca",
                "startDate", "2026-11-24", "endDate", "2026-11-26")));
        assertThat(edition.status()).isEqualTo(201);
        first.interrupt();
        assertThat(first.output()).contains("Stopped.");
        assertThat(portAnswers(exhibitorPort)).as("exhibitor-service stopped with the launcher").isFalse();
        assertThat(portAnswers(webPort)).as("the web tier stopped with the launcher").isFalse();

        Launched second = launch(data, ports);
        assertThat(second.output()).as("the password is shown at the first start only").doesNotContain(password);
        try {
            HttpJson.Answer kept = organizer.get("/api/editions/" + edition.field("id"));
            assertThat(kept.status()).isEqualTo(200);
            assertThat(kept.field("name")).isEqualTo("Smart City Expo Casablanca 2026");
            // The signing keys survived too: a token issued before the restart is still accepted.
            assertThat(organizer.post("/api/editions", HttpJson.json(Map.of("name", "Second edition", "venue", "OFEC",
                    "startDate", "2027-11-24", "endDate", "2027-11-26"))).status()).isEqualTo(201);
        } finally {
            second.interrupt();
        }
    }

    /** A running launcher and everything it printed so far. */
    private record Launched(Process process, StringBuffer printed) {

        String output() {
            return printed.toString();
        }

        /** Ctrl-C: SIGINT to the launcher, then wait for it to finish stopping. */
        void interrupt() throws Exception {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("launcher stopped within 2 minutes").isTrue();
        }
    }

    private static Launched launch(Path data, List<String> ports) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "expo-local-stack.jar").toAbsolutePath().toString(), "--data=" + data));
        command.addAll(ports);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer printed = new StringBuffer();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    printed.append(line).append('\n');
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
            process.destroyForcibly();
            throw new AssertionError("the launcher was not ready within " + START_TIMEOUT + ":\n" + printed, e);
        }
        return new Launched(process, printed);
    }

    private static boolean portAnswers(int port) {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
