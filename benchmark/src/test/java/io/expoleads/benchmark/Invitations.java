package io.expoleads.benchmark;

import java.io.IOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;

/** A staff member's invitation code, read from the email in their inbox on the launcher's mail server (IMAP). */
final class Invitations {

    private static final Pattern CODE = Pattern.compile("invitation=([A-Za-z0-9_-]{43})");
    private static final long WAIT_NANOS = 90_000_000_000L;

    private Invitations() {
    }

    static String code(Settings settings, String address) throws MessagingException, IOException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect(settings.imapHost(), settings.imapPort(), address, "x");
            try {
                Folder inbox = store.getFolder("INBOX");
                if (inbox.exists()) {
                    inbox.open(Folder.READ_ONLY);
                    for (Message message : inbox.getMessages()) {
                        Matcher code = CODE.matcher(text(message));
                        if (code.find()) {
                            return code.group(1);
                        }
                    }
                    inbox.close(false);
                }
            } finally {
                store.close();
            }
            Fair.sleep(300);
        }
        throw new IllegalStateException("no invitation reached " + address + " within 90 s");
    }

    private static String text(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof String text) {
            return text;
        }
        StringBuilder all = new StringBuilder();
        if (content instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                all.append(text(parts.getBodyPart(i)));
            }
        }
        return all.toString();
    }
}
