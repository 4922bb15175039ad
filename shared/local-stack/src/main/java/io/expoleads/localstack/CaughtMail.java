package io.expoleads.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the mail catcher's messages under {@code data/mail/} so that caught mail survives a
 * restart, as everything else the stack keeps does. GreenMail holds its mailboxes in memory only;
 * this writes each message as it is delivered, before the SMTP server answers that it took it, as
 * {@code <address>/INBOX/<number>.eml} (GreenMail's own preload layout, RFC 5322 text that any mail
 * program opens), and at start delivers the files again to their mailboxes. They are read back with
 * Jakarta Mail's {@code MimeMessage} parser in the order they arrived, not with GreenMail's
 * {@code loadEmails}, which walks the folder in the file system's order and would give the messages
 * other IMAP UIDs than before the restart. Read flags and the IMAP arrival time are not kept.
 */
final class CaughtMail {

    static final String INBOX = "INBOX";
    private static final String SUFFIX = ".eml";
    private static final Logger log = LoggerFactory.getLogger(CaughtMail.class);

    private final Path folder;
    private final AtomicLong lastNumber;

    private CaughtMail(Path folder, long lastNumber) {
        this.folder = folder;
        this.lastNumber = new AtomicLong(lastNumber);
    }

    /**
     * Delivers the messages kept in {@code folder} to their mailboxes of the started {@code mail},
     * then keeps every message delivered from now on there too.
     *
     * @return how many messages were delivered again
     */
    static int keep(GreenMail mail, Path folder) throws IOException {
        Files.createDirectories(folder);
        UserManager users = mail.getUserManager();
        Session parsing = Session.getInstance(new Properties());
        int restored = 0;
        long lastNumber = 0;
        for (Path mailbox : sorted(folder)) {
            Path inbox = mailbox.resolve(INBOX);
            if (!Files.isDirectory(mailbox) || !Files.isDirectory(inbox)) {
                continue;
            }
            String address = mailbox.getFileName().toString();
            GreenMailUser user = user(users, address);
            for (Path file : sorted(inbox)) {
                String name = file.getFileName().toString();
                if (!name.endsWith(SUFFIX) || name.startsWith(".")) {
                    continue;
                }
                try (InputStream source = Files.newInputStream(file)) {
                    user.deliver(new MimeMessage(parsing, source));
                    restored++;
                } catch (MessagingException unreadable) {
                    log.warn("Caught mail {} could not be read back, left where it is: {}", file, unreadable.toString());
                }
                lastNumber = Math.max(lastNumber, number(name));
            }
        }
        CaughtMail kept = new CaughtMail(folder, lastNumber);
        MessageDeliveryHandler standard = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, recipient) -> {
            GreenMailUser user = standard.handle(message, recipient);
            kept.write(user.getEmail(), message.getMessage());
            return user;
        });
        return restored;
    }

    /**
     * Writes the message to the recipient's folder, whole or not at all: into a hidden file first,
     * then renamed. A failure fails the delivery, so the sender is told and sends again.
     */
    private void write(String address, MimeMessage message) throws MessagingException {
        if (!fileName(address)) {
            log.warn("Caught mail for an address that is no file name is kept in memory only (gone at restart)");
            return;
        }
        try {
            Path inbox = Files.createDirectories(folder.resolve(address).resolve(INBOX));
            Path partial = Files.createTempFile(inbox, ".", ".part");
            try (OutputStream out = Files.newOutputStream(partial)) {
                message.writeTo(out);
            } catch (IOException | MessagingException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Path target = inbox.resolve(String.format("%010d", lastNumber.incrementAndGet()) + SUFFIX);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MessagingException("the caught message could not be kept under " + folder + ": " + e, e);
        }
    }

    /** Whether the address can name a folder of its own: no separators, not hidden, not {@code .} or {@code ..}. */
    static boolean fileName(String address) {
        return address != null && !address.isEmpty() && !address.startsWith(".") && address.indexOf('/') < 0
                && address.indexOf('\\') < 0 && address.indexOf('\0') < 0 && address.indexOf(':') < 0;
    }

    private static GreenMailUser user(UserManager users, String address) {
        GreenMailUser user = users.getUserByEmail(address);
        if (user != null) {
            return user;
        }
        try {
            // As GreenMail makes a mailbox for an address it first receives mail for: the address as login and password.
            return users.createUser(address, address, address);
        } catch (UserException e) {
            throw new IllegalStateException("no mailbox could be made for " + address, e);
        }
    }

    private static long number(String fileName) {
        try {
            return Long.parseLong(fileName.substring(0, fileName.length() - SUFFIX.length()));
        } catch (NumberFormatException notOurs) {
            return 0;
        }
    }

    private static List<Path> sorted(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
