package io.expoleads.lead.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The live stream of an exhibitor's lead changes, read as a dashboard reads it (the token in the
 * Authorization header, the events as they arrive): a scan and a qualification reach the streams of
 * their exhibitor, never another's; whoever may not list the leads may not follow them; a stream
 * ends, saying why, once its token expires or its member is taken off the team.
 */
class LeadStreamIT extends LeadServiceIT {

    @Autowired
    LeadWatchers watchers;

    final List<EventStream> streams = new ArrayList<>();

    @BeforeEach
    void feedListening() {
        await().atMost(WAIT).until(watchers::listening);
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(EventStream::close);
    }

    @Test
    void a_scan_and_a_qualification_reach_their_exhibitors_streams_and_no_other() {
        String atlas = approvedExhibitor();
        String rival = approvedExhibitor();
        EventStream atlasAdmin = open(atlas, TestTokens.get().admin(atlas));
        EventStream atlasStaff = open(atlas, TestTokens.get().staff(atlas, "salma"));
        EventStream rivalAdmin = open(rival, TestTokens.get().admin(rival));
        for (EventStream stream : List.of(atlasAdmin, atlasStaff, rivalAdmin)) {
            assertThat(stream.awaitEvent("ready").get("names").get("amine").asString()).isEqualTo("Amine Alaoui");
        }
        assertThat(atlasAdmin.awaitEvent("ready").get("exhibitorId").asString()).isEqualTo(atlas);

        String visitor = importAttendee("LIVE-1", "Youssef", true);
        String badge = badgeOf(visitor);
        assertThat(scan(atlas, "amine", UUID.randomUUID().toString(), badge).status()).isEqualTo(202);
        String atlasLead = Lead.idOf(atlas, visitor);
        for (EventStream stream : List.of(atlasAdmin, atlasStaff)) {
            JsonNode captured = stream.awaitLead(atlasLead, "LeadCaptured");
            assertThat(captured.get("attendee").get("firstName").asString()).isEqualTo("Youssef");
            assertThat(captured.get("scanCount").asInt()).isEqualTo(1);
            assertThat(captured.get("lastScannedBy").asString()).isEqualTo("amine");
            assertThat(captured.get("names").get("amine").asString()).isEqualTo("Amine Alaoui");
        }

        HttpJson.Answer rated = staff(atlas, "salma").patch("/api/leads/" + atlasLead, "{\"rating\":5,\"addTags\":[\"fleet\"]}");
        assertThat(rated.status()).isEqualTo(200);
        JsonNode qualified = atlasAdmin.awaitLead(atlasLead, "LeadQualified");
        assertThat(qualified.get("rating").asInt()).isEqualTo(5);
        assertThat(qualified.get("tags").toString()).isEqualTo("[\"fleet\"]");
        assertThat(qualified.has("notes")).as("the summary leaves notes to the lead's own page").isFalse();

        // The rival scans the same visitor: its own lead, on its own stream. Both exhibitors' leads are on
        // the same topic and read by the same consumer, in the order they were written: had Atlas's events
        // been sent to the rival's stream, they would have come before this one.
        assertThat(scan(rival, "amine", UUID.randomUUID().toString(), badge).status()).isEqualTo(202);
        String rivalLead = Lead.idOf(rival, visitor);
        rivalAdmin.awaitLead(rivalLead, "LeadCaptured");
        assertThat(rivalAdmin.leadIds()).containsOnly(rivalLead);
        atlasAdmin.awaitLead(atlasLead, "LeadQualified");
        assertThat(atlasAdmin.leadIds()).containsOnly(atlasLead);
        assertThat(atlasStaff.leadIds()).containsOnly(atlasLead);
        // Heartbeats keep an idle stream open (a beat a second here: LeadServiceIT's properties).
        await().atMost(WAIT).until(() -> atlasAdmin.comments() > 0);
    }

    @Test
    void whoever_may_not_list_the_leads_may_not_follow_them() {
        String atlas = approvedExhibitor();
        String rival = approvedExhibitor();
        String path = "/api/exhibitors/" + atlas + "/leads/events";
        assertThat(http.get(path).status()).isEqualTo(401);
        assertThat(admin(rival).get(path).status()).as("another exhibitor's id is as if it did not exist").isEqualTo(404);
        assertThat(staff(rival, "amine").get(path).status()).isEqualTo(404);
        assertThat(organizer.get(path).status()).isEqualTo(403);
        HttpJson.Answer revoked = staff(atlas, "karim").get(path);
        assertThat(revoked.status()).as("a staff member without a seat, token still valid").isEqualTo(403);
        assertThat(revoked.field("reason")).isEqualTo("STAFF_REVOKED");
    }

    @Test
    void a_stream_ends_saying_why_once_its_member_leaves_the_team_or_its_token_expires() {
        String atlas = approvedExhibitor();
        EventStream amine = open(atlas, TestTokens.get().staff(atlas, "amine"));
        amine.awaitEvent("ready");
        String shortLived = TestTokens.get().sign(TestTokens.get().claims("salma@" + atlas, List.of("STAFF"))
                .claim("exhibitorId", atlas).claim("staffId", "salma")
                .expirationTime(Date.from(Instant.now().plusSeconds(3))).build());
        EventStream salma = open(atlas, shortLived);
        salma.awaitEvent("ready");

        assertThat(salma.awaitEvent("end").get("reason").asString()).isEqualTo("TOKEN_EXPIRED");
        salma.awaitClosed();

        ExhibitorView withoutAmine = exhibitorView(atlas, ExhibitorStatus.APPROVED, 3, null);
        publishExhibitor(new ExhibitorView(withoutAmine.exhibitorId(), withoutAmine.editionId(), withoutAmine.revision(),
                withoutAmine.status(), withoutAmine.companyName(), withoutAmine.country(), withoutAmine.language(),
                withoutAmine.boothCode(), withoutAmine.seats(), withoutAmine.salesEmails(), List.of("salma"),
                withoutAmine.activeDevices(), null, null, withoutAmine.contactEmail(), withoutAmine.teamNames()));
        assertThat(amine.awaitEvent("end").get("reason").asString()).isEqualTo("STAFF_REVOKED");
        amine.awaitClosed();
        assertThat(watchers.open()).as("ended streams are forgotten").isZero();
    }

    @Test
    void one_account_keeps_at_most_five_streams_and_its_oldest_makes_room() {
        String atlas = approvedExhibitor();
        String token = TestTokens.get().admin(atlas);
        List<EventStream> tabs = new ArrayList<>();
        for (int i = 0; i < LeadWatchers.MAX_PER_ACCOUNT; i++) {
            EventStream tab = open(atlas, token);
            tab.awaitEvent("ready");
            tabs.add(tab);
        }
        EventStream teammate = open(atlas, TestTokens.get().staff(atlas, "salma"));
        teammate.awaitEvent("ready");

        EventStream sixth = open(atlas, token);
        sixth.awaitEvent("ready");
        assertThat(tabs.get(0).awaitEvent("end").get("reason").asString()).isEqualTo("TOO_MANY_STREAMS");
        tabs.get(0).awaitClosed();
        await().atMost(WAIT).until(() -> watchers.open() == LeadWatchers.MAX_PER_ACCOUNT + 1);

        // The streams left, the newest and the teammate's included, still hear the booth.
        String visitor = importAttendee("LIVE-5", "Hind", true);
        assertThat(scan(atlas, "amine", UUID.randomUUID().toString(), badgeOf(visitor)).status()).isEqualTo(202);
        String lead = Lead.idOf(atlas, visitor);
        for (EventStream stream : List.of(tabs.get(1), tabs.get(4), sixth, teammate)) {
            stream.awaitLead(lead, "LeadCaptured");
        }
    }

    private EventStream open(String exhibitor, String token) {
        EventStream stream = new EventStream(URI.create("http://localhost:" + port + "/api/exhibitors/" + exhibitor + "/leads/events"),
                token);
        streams.add(stream);
        return stream;
    }

    /** A server-sent event stream read line by line as it arrives, its events kept in order. */
    final class EventStream {

        record Event(String name, String data) {
        }

        private final HttpClient client = HttpClient.newHttpClient();
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final List<String> comments = new CopyOnWriteArrayList<>();
        private final Thread reader;
        private volatile boolean closed;
        private volatile Stream<String> lines;

        EventStream(URI uri, String token) {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").GET().build();
            HttpResponse<Stream<String>> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            lines = response.body();
            reader = new Thread(this::read, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            String name = null;
            StringBuilder data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            events.add(new Event(name == null ? "message" : name, data.toString()));
                        }
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        comments.add(line.substring(1).strip());
                    } else if (line.startsWith("event:")) {
                        name = line.substring("event:".length()).strip();
                    } else if (line.startsWith("data:")) {
                        if (data.length() > 0) {
                            data.append('\n');
                        }
                        data.append(line.substring("data:".length()).stripLeading());
                    }
                }
            } catch (UncheckedIOException cutOff) {
                // The test closed the stream.
            } finally {
                closed = true;
            }
        }

        JsonNode awaitEvent(String name) {
            await().atMost(WAIT).until(() -> events.stream().anyMatch(event -> event.name().equals(name)));
            return json.readTree(events.stream().filter(event -> event.name().equals(name)).findFirst().orElseThrow().data());
        }

        JsonNode awaitLead(String leadId, String change) {
            await().atMost(WAIT).until(() -> leads().anyMatch(lead -> lead.get("leadId").asString().equals(leadId)
                    && lead.get("change").asString().equals(change)));
            return leads().filter(lead -> lead.get("leadId").asString().equals(leadId)
                    && lead.get("change").asString().equals(change)).reduce((first, last) -> last).orElseThrow();
        }

        List<String> leadIds() {
            return leads().map(lead -> lead.get("leadId").asString()).toList();
        }

        private Stream<JsonNode> leads() {
            return events.stream().filter(event -> event.name().equals("lead")).map(event -> json.readTree(event.data()));
        }

        long comments() {
            return comments.stream().filter("heartbeat"::equals).count();
        }

        void awaitClosed() {
            await().atMost(WAIT).until(() -> closed);
        }

        void close() {
            Stream<String> open = lines;
            if (open != null) {
                open.close();
            }
        }
    }
}
