package io.expoleads.benchmark;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

import io.expoleads.testsupport.HttpJson;
import tools.jackson.databind.JsonNode;

/**
 * A trade fair set up through the public API only, as the organizer, exhibitors and booth phones
 * do it (README "One lead, end to end, by hand"): an edition, approved exhibitors each with their
 * booth devices, the sales team's email and a webhook to the benchmark's receiver, and visitors
 * with their signed badges. Visitors are named {@code Visitor V<n>}, so a lead, its webhook call and
 * its email are told apart by exhibitor and last name.
 */
record Fair(String editionId, HttpJson organizer, String organizerToken, List<Booth> booths, List<String> badges) {

    /** The booth whose leads are exported. */
    Booth exportBooth() {
        return booths.get(0);
    }

    /** The booths that flush offline queues during the run. */
    List<Booth> offlineBooths(Settings settings) {
        return booths.subList(1, 1 + settings.offlineExhibitors());
    }

    /** The booths that send single scans, each visitor at several of them. */
    List<Booth> scanningBooths(Settings settings) {
        return booths.subList(1 + settings.offlineExhibitors(), booths.size());
    }

    /** One exhibitor: its admin's sign-in and token, its booth devices' tokens and the sales team's address. */
    record Booth(String exhibitorId, String adminEmail, String adminPassword, String adminToken, List<Scanner> scanners,
                String salesEmail) {

        List<String> scannerTokens() {
            return scanners.stream().map(Scanner::token).toList();
        }
    }

    /**
     * A booth's scanner: a shared device (signing in with its id and secret, as the scanner app does)
     * or a staff member who accepted their emailed invitation; its current token.
     */
    record Scanner(String username, String password, String token) {
    }

    static Fair open(Settings settings, Receiver receiver) throws jakarta.mail.MessagingException, java.io.IOException {
        HttpJson web = new HttpJson(settings.url());
        HttpJson.Answer signIn = web.post("/api/auth/token", HttpJson.json(Map.of("username", settings.organizerUsername(),
                "password", settings.organizerPassword())));
        require(signIn, 200);
        String organizerToken = signIn.field("accessToken");
        HttpJson organizer = web.bearer(organizerToken);
        String run = UUID.randomUUID().toString().substring(0, 8);
        HttpJson.Answer edition = organizer.post("/api/editions", HttpJson.json(Map.of("name", "Benchmark " + run,
                "venue", "OFEC Casablanca", "startDate", LocalDate.now().toString(),
                "endDate", LocalDate.now().plusDays(2).toString())));
        require(edition, 201);
        String editionId = edition.field("id");

        List<Booth> booths = new ArrayList<>();
        // The first booth gets the leads exported (no alerts: a hundred thousand emails would measure the mail
        // server); the next ones the offline queues; the rest the single scans, alerts on as at a real fair.
        for (int i = 0; i < 1 + settings.offlineExhibitors() + settings.exhibitors(); i++) {
            booths.add(booth(web, organizer, editionId, run, i, settings.devicesPerExhibitor(), i == 0 ? 0 : settings.staffPerExhibitor(),
                    i == 0 ? null : receiver));
        }

        // The staff accept the invitations emailed to them meanwhile, each choosing a password, and sign in.
        for (Booth booth : booths) {
            String domain = booth.adminEmail().substring(booth.adminEmail().indexOf('@') + 1);
            for (int m = 0; m < (booth == booths.get(0) ? 0 : settings.staffPerExhibitor()); m++) {
                String email = "staff" + m + "@" + domain;
                String password = "staff-" + UUID.randomUUID();
                String code = Invitations.code(settings, email);
                require(web.post("/api/invitations/" + code + "/accept", HttpJson.json(Map.of("password", password))), 200);
                booth.scanners().add(new Scanner(email, password, token(web, email, password)));
            }
        }

        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> attendeeIds = new ArrayList<>();
        for (int i = 0; i < settings.visitors(); i++) {
            rows.add(Map.of("registrationId", "BENCH-" + i, "firstName", "Visitor", "lastName", "V" + i,
                    "company", "Company " + (i % 97), "email", "visitor" + i + "@" + run + ".bench.example", "shareContact", true));
            // The import takes up to 30,000 rows at a time; 10,000 answer well within the client's 30 s on the embedded
            // store (30,000 took about 43 s there, 2 cores).
            if (rows.size() == 10_000 || i == settings.visitors() - 1) {
                HttpJson.Answer imported = organizer.post("/api/editions/" + editionId + "/attendees/import", HttpJson.json(rows));
                require(imported, 200);
                imported.json().get("attendees").forEach(attendee -> attendeeIds.add(attendee.get("attendeeId").asString()));
                rows.clear();
            }
        }
        ForkJoinPool fetching = new ForkJoinPool(settings.setupConcurrency());
        List<String> badges;
        try {
            badges = fetching.submit(() -> attendeeIds.parallelStream()
                    .map(id -> organizer.get("/api/attendees/" + id + "/badge?format=json").field("payload")).toList()).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("the badges could not be fetched", e);
        } finally {
            fetching.shutdown();
        }
        return new Fair(editionId, organizer, organizerToken, List.copyOf(booths), badges);
    }

    private static Booth booth(HttpJson web, HttpJson organizer, String editionId, String run, int index, int deviceCount,
                               int staff, Receiver receiver) {
        String domain = "exhibitor" + index + "." + run + ".bench.example";
        String adminEmail = "admin@" + domain;
        String password = "bench-" + UUID.randomUUID();
        String salesEmail = "sales@" + domain;
        HttpJson.Answer application = web.post("/api/editions/" + editionId + "/exhibitors", HttpJson.json(Map.of(
                "companyName", "Bench Exhibitor " + index, "contactName", "Bench", "contactEmail", adminEmail,
                "salesEmails", receiver == null ? List.of() : List.of(salesEmail), "password", password)));
        require(application, 201);
        String exhibitorId = application.field("id");
        HttpJson.Answer signIn = web.post("/api/auth/token", HttpJson.json(Map.of("username", adminEmail, "password", password)));
        require(signIn, 200);
        String adminToken = signIn.field("accessToken");
        HttpJson admin = web.bearer(adminToken);
        require(admin.post("/api/exhibitors/" + exhibitorId + "/submit", null), 200);
        require(organizer.post("/api/exhibitors/" + exhibitorId + "/approve", null), 200);
        if (receiver != null) {
            HttpJson.Answer webhook = admin.post("/api/exhibitors/" + exhibitorId + "/webhooks",
                    HttpJson.json(Map.of("url", receiver.url(exhibitorId))));
            require(webhook, 201);
            receiver.trust(exhibitorId, webhook.field("secret"));
        }
        List<Scanner> scanners = new ArrayList<>();
        for (int d = 0; d < deviceCount; d++) {
            HttpJson.Answer device = admin.post("/api/exhibitors/" + exhibitorId + "/devices",
                    HttpJson.json(Map.of("name", "Scanner " + d)));
            require(device, 201);
            JsonNode activated = web.post("/api/devices/activate", HttpJson.json(Map.of("setupCode", device.field("setupCode")))).json();
            scanners.add(new Scanner(activated.get("deviceId").asString(), activated.get("deviceSecret").asString(),
                    activated.get("token").get("accessToken").asString()));
        }
        if (staff > 0) {
            require(organizer.put("/api/exhibitors/" + exhibitorId + "/seats", "{\"seats\":" + staff + "}"), 200);
            for (int m = 0; m < staff; m++) {
                require(admin.post("/api/exhibitors/" + exhibitorId + "/staff", HttpJson.json(Map.of(
                        "email", "staff" + m + "@" + domain, "name", "Staff " + m))), 201);
            }
        }
        return new Booth(exhibitorId, adminEmail, password, adminToken, scanners, salesEmail);
    }

    /**
     * The same fair with every admin and device signed in again: access tokens last 15 minutes, and
     * a full run's set-up (100,000 badges, their leads) can take longer than that before the load.
     */
    Fair signedInAgain(Settings settings) {
        HttpJson web = new HttpJson(settings.url());
        List<Booth> fresh = booths.stream().map(booth -> new Booth(booth.exhibitorId(), booth.adminEmail(), booth.adminPassword(),
                token(web, booth.adminEmail(), booth.adminPassword()),
                booth.scanners().stream().map(scanner -> new Scanner(scanner.username(), scanner.password(),
                        token(web, scanner.username(), scanner.password()))).toList(), booth.salesEmail())).toList();
        return new Fair(editionId, organizer, token(web, settings.organizerUsername(), settings.organizerPassword()), fresh, badges);
    }

    static String token(HttpJson web, String username, String password) {
        HttpJson.Answer signIn = web.post("/api/auth/token", HttpJson.json(Map.of("username", username, "password", password)));
        require(signIn, 200);
        return signIn.field("accessToken");
    }

    /**
     * Waits until lead-service learnt of every booth's approval and devices from Kafka (scans are
     * refused until then), with a scan of a visitor kept out of the measured pairs.
     */
    void awaitScannable(Settings settings, String warmUpBadge) {
        HttpJson web = new HttpJson(settings.url());
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (Booth booth : booths) {
            for (String device : booth.scannerTokens()) {
                while (web.bearer(device).post("/api/scans", HttpJson.json(scan(warmUpBadge))).status() != 202) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("lead-service took no scan of booth " + booth.exhibitorId() + " within 120 s");
                    }
                    sleep(200);
                }
            }
        }
    }

    static Map<String, Object> scan(String badge) {
        return Map.of("scanId", UUID.randomUUID().toString(), "badge", badge, "scannedAt", java.time.Instant.now().toString());
    }

    static void require(HttpJson.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("the stack answered " + answer.status() + " where " + status + " was expected: "
                    + answer.text());
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
