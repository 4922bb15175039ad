package io.expoleads.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * The sales teams' inboxes on the launcher's mail server, read over IMAP (any password): each
 * mailbox stays open and is asked every {@code POLL_MILLIS} for what came since, the new
 * envelopes fetched in one command. A lead's email is timed when first seen, so the figure
 * includes up to one poll interval.
 */
final class Inboxes implements AutoCloseable {

    static final long POLL_MILLIS = 100;
    private static final Pattern VISITOR = Pattern.compile("\\b(V\\d+)\\b");

    private record Mailbox(String exhibitorId, Store store, Folder inbox, int[] read) {
    }

    private final List<Mailbox> mailboxes = new ArrayList<>();
    private final Latencies latencies;
    private final Thread poller;
    private volatile boolean running = true;

    Inboxes(Settings settings, List<Fair.Booth> booths, Latencies latencies) throws MessagingException {
        this.latencies = latencies;
        Session session = Session.getInstance(new Properties());
        for (Fair.Booth booth : booths) {
            Store store = session.getStore("imap");
            store.connect(settings.imapHost(), settings.imapPort(), booth.salesEmail(), "x");
            Folder inbox = store.getFolder("INBOX");
            mailboxes.add(new Mailbox(booth.exhibitorId(), store, inbox, new int[] {0}));
        }
        poller = new Thread(this::poll, "benchmark-inboxes");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (running) {
            for (Mailbox mailbox : mailboxes) {
                try {
                    read(mailbox);
                } catch (MessagingException e) {
                    // The mailbox exists once its first email arrived: until then there is nothing to read.
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(Mailbox mailbox) throws MessagingException {
        Folder inbox = mailbox.inbox();
        if (!inbox.isOpen()) {
            if (!inbox.exists()) {
                return;
            }
            inbox.open(Folder.READ_ONLY);
        }
        int count = inbox.getMessageCount();
        if (count <= mailbox.read()[0]) {
            return;
        }
        Message[] arrived = inbox.getMessages(mailbox.read()[0] + 1, count);
        FetchProfile envelopes = new FetchProfile();
        envelopes.add(FetchProfile.Item.ENVELOPE);
        inbox.fetch(arrived, envelopes);
        for (Message message : arrived) {
            Matcher visitor = VISITOR.matcher(String.valueOf(message.getSubject()));
            if (visitor.find()) {
                latencies.arrived(Latencies.Stage.EMAIL, mailbox.exhibitorId(), visitor.group(1));
            }
        }
        mailbox.read()[0] = count;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.interrupt();
        poller.join(5_000);
        for (Mailbox mailbox : mailboxes) {
            try {
                mailbox.store().close();
            } catch (MessagingException e) {
                // Closing anyway.
            }
        }
    }
}
