package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.expoleads.testsupport.FreePorts;
import io.expoleads.testsupport.HttpJson;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a user runs it: the launcher jar, on the embedded default (its own
 * Kafka broker, mongo-java-server on an H2 file, GreenMail), stopped with Ctrl-C and started
 * again on the same data: the edition, the signing keys and the caught mail are still there.
 */
class LocalStackIT {

    @Test
    void starts_everything_stops_on_ctrl_c_and_keeps_its_data_across_a_restart() throws Exception {
        Path data = Files.createTempDirectory("expo-local");
        List<String> ports = List.of(
                "--kafka-port=" + freePort(), "--kafka-controller-port=" + freePort(), "--mongo-port=" + freePort(),
                "--smtp-port=" + freePort(), "--imap-port=" + freePort(),
                "--exhibitor-port=" + freePort(), "--lead-port=" + freePort(), "--notification-port=" + freePort(),
                "--web-port=" + freePort());
        int exhibitorPort = Integer.parseInt(ports.get(5).substring(ports.get(5).indexOf('=') + 1));
        int smtpPort = Integer.parseInt(ports.get(3).substring(ports.get(3).indexOf('=') + 1));
        int imapPort = Integer.parseInt(ports.get(4).substring(ports.get(4).indexOf('=') + 1));

        Launcher first = Launcher.launch(data, ports);
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
        // A message the mail catcher took, as it takes the services' alerts.
        sendMail(smtpPort, "sales@atlas-mobility.ma", "New lead: Youssef El Amrani");
        assertThat(inbox(imapPort, "sales@atlas-mobility.ma")).containsExactly("New lead: Youssef El Amrani");
        first.interrupt();
        assertThat(first.output()).contains("Stopped.");
        assertThat(portAnswers(exhibitorPort)).as("exhibitor-service stopped with the launcher").isFalse();
        assertThat(portAnswers(webPort)).as("the web tier stopped with the launcher").isFalse();

        Launcher second = Launcher.launch(data, ports);
        assertThat(second.output()).as("the password is shown at the first start only").doesNotContain(password);
        try {
            // A stack stopped cleanly leaves each service's class-data archive, and Kafka's (ClassDataArchive),
            // if an earlier stack of this build had not already: this start maps them.
            List<ProcessHandle> jvms = second.process().descendants()
                    .filter(child -> child.info().commandLine().orElse("").matches(".*(-Dexpo.instance=| kafka\\.Kafka ).*")).toList();
            assertThat(jvms).as("four services and Kafka").hasSize(5);
            for (ProcessHandle jvm : jvms) {
                assertThat(Files.readString(Path.of("/proc", Long.toString(jvm.pid()), "maps")))
                        .as("the JVM maps its archive: " + jvm.info().commandLine().orElse(""))
                        .containsPattern("/launch/[0-9a-f]+/[a-z-]+\\.jsa");
            }
            HttpJson.Answer kept = organizer.get("/api/editions/" + edition.field("id"));
            assertThat(kept.status()).isEqualTo(200);
            assertThat(kept.field("name")).isEqualTo("Smart City Expo Casablanca 2026");
            assertThat(inbox(imapPort, "sales@atlas-mobility.ma")).as("caught mail survived the restart, under data/mail")
                    .containsExactly("New lead: Youssef El Amrani");
            assertThat(data.resolve("mail/sales@atlas-mobility.ma/INBOX/0000000001.eml")).exists();
            // The signing keys survived too: a token issued before the restart is still accepted.
            assertThat(organizer.post("/api/editions", HttpJson.json(Map.of("name", "Second edition", "venue", "OFEC",
                    "startDate", "2027-11-24", "endDate", "2027-11-26"))).status()).isEqualTo(201);
        } finally {
            second.interrupt();
        }
    }

    private static void sendMail(int smtpPort, String to, String subject) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", Integer.toString(smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("leads@expo-leads.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setText("Rated 5 at booth A2.", "UTF-8");
        Transport.send(message);
    }

    /** The subjects in the address's inbox, read over IMAP with any password, as the README's curl command does. */
    private static List<String> inbox(int imapPort, String address) throws Exception {
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect("localhost", imapPort, address, "x");
            try (Folder inbox = store.getFolder("INBOX")) {
                inbox.open(Folder.READ_ONLY);
                List<String> subjects = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    subjects.add(message.getSubject());
                }
                return subjects;
            }
        }
    }

    private static boolean portAnswers(int port) {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        return FreePorts.next();
    }
}
