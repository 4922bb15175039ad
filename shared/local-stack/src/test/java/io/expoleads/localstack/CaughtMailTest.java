package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import io.expoleads.testsupport.FreePorts;

/**
 * The mail catcher as the launcher runs it, stopped and started again on the same folder: what it
 * caught is still in each mailbox, read over IMAP, in the order it came and under the same UIDs.
 */
class CaughtMailTest {

    @Test
    void caught_mail_is_kept_on_disk_and_in_each_mailbox_again_after_a_restart() throws Exception {
        Path folder = Files.createTempDirectory("expo-mail").resolve("mail");
        int smtp = freePort();
        int imap = freePort();

        GreenMail first = start(smtp, imap);
        try {
            assertThat(CaughtMail.keep(first, folder)).as("nothing kept yet").isZero();
            send(smtp, "Lead 1: Youssef El Amrani", "Hot lead at booth A2", "sales@atlas.example");
            send(smtp, "Invitation", "Join the booth: http://localhost/scan/#invitation=abc", "yassine@casa-tram.ma");
            send(smtp, "Lead 2: Salma Idrissi (é, العربية)", "Second lead", "sales@atlas.example", "ceo@atlas.example");
            assertThat(subjects(imap, "sales@atlas.example")).containsExactly("Lead 1: Youssef El Amrani", "Lead 2: Salma Idrissi (é, العربية)");
        } finally {
            first.stop();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            // The two recipients of one message get it in an order of GreenMail's choosing: numbers 3 and 4.
            assertThat(files.filter(Files::isRegularFile).map(folder::relativize).map(Path::toString)
                    .map(name -> name.replaceFirst("000000000[34]\\.eml$", "3-or-4.eml")).sorted())
                    .as("one RFC 5322 file per mailbox and message, in GreenMail's preload layout")
                    .containsExactly("ceo@atlas.example/INBOX/3-or-4.eml", "sales@atlas.example/INBOX/0000000001.eml",
                            "sales@atlas.example/INBOX/3-or-4.eml", "yassine@casa-tram.ma/INBOX/0000000002.eml");
        }

        GreenMail second = start(smtp, imap);
        try {
            assertThat(CaughtMail.keep(second, folder)).isEqualTo(4);
            assertThat(subjects(imap, "sales@atlas.example")).containsExactly("Lead 1: Youssef El Amrani", "Lead 2: Salma Idrissi (é, العربية)");
            assertThat(subjects(imap, "ceo@atlas.example")).containsExactly("Lead 2: Salma Idrissi (é, العربية)");
            assertThat(bodyOfUid(imap, "yassine@casa-tram.ma", 1)).contains("invitation=abc");
            assertThat(bodyOfUid(imap, "sales@atlas.example", 2)).contains("Second lead");

            send(smtp, "Lead 3", "After the restart", "sales@atlas.example");
            assertThat(subjects(imap, "sales@atlas.example")).containsExactly("Lead 1: Youssef El Amrani",
                    "Lead 2: Salma Idrissi (é, العربية)", "Lead 3");
            assertThat(folder.resolve("sales@atlas.example/INBOX/0000000005.eml")).as("numbered after those kept").exists();
        } finally {
            second.stop();
        }
    }

    @Test
    void only_addresses_that_can_name_a_folder_get_one() {
        assertThat(CaughtMail.fileName("sales+leads@atlas.example")).isTrue();
        assertThat(CaughtMail.fileName("../etc@example.com")).isFalse();
        assertThat(CaughtMail.fileName("a/b@example.com")).isFalse();
        assertThat(CaughtMail.fileName(".hidden@example.com")).isFalse();
        assertThat(CaughtMail.fileName("")).isFalse();
    }

    private static GreenMail start(int smtp, int imap) {
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtp, "localhost", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imap, "localhost", ServerSetup.PROTOCOL_IMAP)});
        mail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        return mail;
    }

    private static void send(int smtp, String subject, String text, String... to) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", Integer.toString(smtp));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("leads@expo-leads.local"));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        Transport.send(message);
    }

    private static List<String> subjects(int imap, String address) throws Exception {
        try (Store store = imap(imap, address); Folder inbox = store.getFolder("INBOX")) {
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                subjects.add(message.getSubject());
            }
            return subjects;
        }
    }

    private static String bodyOfUid(int imap, String address, long uid) throws Exception {
        try (Store store = imap(imap, address); Folder inbox = store.getFolder("INBOX")) {
            inbox.open(Folder.READ_ONLY);
            Message message = ((UIDFolder) inbox).getMessageByUID(uid);
            return message == null ? null : message.getContent().toString();
        }
    }

    /** Any password, as the README's curl command logs in. */
    private static Store imap(int imap, String address) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("localhost", imap, address, "x");
        return store;
    }

    private static int freePort() {
        return FreePorts.next();
    }
}
