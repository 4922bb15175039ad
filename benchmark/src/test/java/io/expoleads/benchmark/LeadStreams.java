package io.expoleads.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The moment each lead is stored, as a dashboard sees it: one live lead stream per scanning booth
 * (server-sent events), the first event of a lead taken as its arrival. These streams are the
 * benchmark's own probes, apart from the readers Gatling opens as load, and on an account of their
 * own: one of the booth's scanners, while the load's streams are its admin's. An account holds at
 * most five streams at once and opening a sixth ends its oldest (lead-service's LeadWatchers): with
 * the admin's token, the load's five streams per booth ended every probe as they opened, and no
 * stored lead was ever seen.
 */
final class LeadStreams implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Stream<String>> open = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Latencies latencies;

    LeadStreams(Latencies latencies) {
        this.latencies = latencies;
    }

    /** Opens the booth's stream and waits for its {@code ready} event, so no lead is missed after. */
    void watch(String url, Fair.Booth booth) {
        Fair.Scanner own = booth.scanners().get(booth.scanners().size() - 1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/exhibitors/" + booth.exhibitorId() + "/leads/events"))
                .header("Authorization", "Bearer " + own.token()).header("Accept", "text/event-stream").build();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAcceptAsync(response -> {
            open.add(response.body());
            read(booth.exhibitorId(), response.body(), ready);
        });
        ready.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    private void read(String exhibitorId, Stream<String> lines, CompletableFuture<Void> ready) {
        String[] event = {null};
        lines.forEach(line -> {
            if (line.startsWith("event:")) {
                event[0] = line.substring("event:".length()).strip();
                if ("ready".equals(event[0])) {
                    ready.complete(null);
                }
            } else if (line.startsWith("data:") && "lead".equals(event[0])) {
                JsonNode change = JSON.readTree(line.substring("data:".length()).strip());
                JsonNode lastName = change.path("attendee").path("lastName");
                if (lastName.isString()) {
                    latencies.arrived(Latencies.Stage.STORED, exhibitorId, lastName.asString());
                }
            } else if (line.isEmpty()) {
                event[0] = null;
            }
        });
    }

    @Override
    public void close() {
        // Closing a body's stream of lines closes its connection.
        open.forEach(Stream::close);
    }
}
