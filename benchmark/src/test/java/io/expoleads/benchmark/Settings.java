package io.expoleads.benchmark;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What a run does and where the stack is, from system properties ({@code -Dexpo.url=...} on the
 * Maven command line; the Gatling plugin passes them to the simulation's JVM). The defaults are the
 * full run of issue 14; a smoke run shortens {@code expo.seconds} and the sizes.
 */
record Settings(String url, String exhibitorUrl, String leadUrl, String notificationUrl, String kafka, String mongo,
                String imapHost, int imapPort, String organizerUsername, String organizerPassword, List<Integer> rates,
                int seconds, int exhibitors, int offlineExhibitors, int devicesPerExhibitor, int staffPerExhibitor, int visitors, int exportLeads,
                double offlineBatchesPerSecond, int batchSize, int streams, double dashboardReadsPerSecond,
                int setupConcurrency, int drainSeconds, int idleMinutes, int warmUpSeconds, int settleSeconds,
                int catchUpMinutes) {

    static Settings fromSystemProperties() {
        String data = property("expo.data", "data");
        Properties credentials = new Properties();
        Path file = Path.of(data).resolve("local-credentials.properties");
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                credentials.load(reader);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
        int exportLeads = integer("expo.export-leads", 100_000);
        return new Settings(
                property("expo.url", "http://localhost:8080"),
                property("expo.exhibitor-url", "http://localhost:8081"),
                property("expo.lead-url", "http://localhost:8082"),
                property("expo.notification-url", "http://localhost:8083"),
                property("expo.kafka", "localhost:9092"),
                property("expo.mongo", "mongodb://localhost:27017"),
                property("expo.imap-host", "localhost"),
                integer("expo.imap-port", 3143),
                property("expo.organizer", credentials.getProperty("organizer.username", "organizer")),
                property("expo.organizer-password", credentials.getProperty("organizer.password", "")),
                Arrays.stream(property("expo.rates", "50,100,200,400,800").split(",")).map(String::strip)
                        .map(Integer::parseInt).toList(),
                integer("expo.seconds", 60),
                integer("expo.exhibitors", 40),
                integer("expo.offline-exhibitors", 4),
                integer("expo.devices", 2),
                // Staff accept invitations read over IMAP: none without it.
                integer("expo.imap-port", 3143) == 0 ? 0 : integer("expo.staff", 2),
                Math.max(integer("expo.visitors", 2_500), exportLeads + 1),
                exportLeads,
                Double.parseDouble(property("expo.offline-batches-per-second", "0.2")),
                integer("expo.batch-size", 1_000),
                integer("expo.streams", 200),
                Double.parseDouble(property("expo.dashboard-reads-per-second", "5")),
                integer("expo.setup-concurrency", 8),
                // Long enough to see the tail of the end-to-end stages after the last rate, where they lag on 2 cores.
                integer("expo.drain-seconds", 180),
                integer("expo.idle-minutes", 15),
                // Single scans at the first rate before the measured ones, so that the first rate measures the
                // scan path compiled rather than the compilers at work (FairSimulation.warmUp).
                integer("expo.warm-up-seconds", 30),
                // The readers alone before the first measured scan and the offline queues (FairSimulation.settled).
                integer("expo.settle-seconds", 15),
                // Phones whose offline queues were refused during the rates send them until taken; the exports
                // wait for them that long at most (OfflineQueues).
                integer("expo.catch-up-minutes", 5));
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int integer(String name, int fallback) {
        return Integer.parseInt(property(name, Integer.toString(fallback)));
    }
}
