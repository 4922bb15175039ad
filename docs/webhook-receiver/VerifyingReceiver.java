import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver that verifies Expo Leads' Standard Webhooks signatures, with nothing but the
 * JDK: {@code java docs/webhook-receiver/VerifyingReceiver.java 9000 whsec_...}. It answers 204 to
 * a verified call and 401 otherwise, and prints one line per call.
 *
 * <p>What any receiver checks, in any language (or with a Standard Webhooks library):
 * <ol>
 *   <li>the key is the base64 after {@code whsec_} in the secret the webhook was created with;</li>
 *   <li>the signed content is {@code webhook-id + "." + webhook-timestamp + "." + raw body};</li>
 *   <li>{@code webhook-signature} holds one or more space-separated {@code v1,<base64 HMAC-SHA256>}:
 *       accept when any equals yours (two during a secret rotation), compared in constant time;</li>
 *   <li>refuse a timestamp more than five minutes from now (a replayed request);</li>
 *   <li>{@code webhook-id} is the same on every retry: keep the ids you processed and skip repeats.</li>
 * </ol>
 */
public class VerifyingReceiver {

    private static final long TOLERANCE_SECONDS = 300;

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        byte[] key = Base64.getDecoder().decode(args[1].startsWith("whsec_") ? args[1].substring(6) : args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> handle(exchange, key));
        server.start();
        System.out.println("Receiving webhooks on http://127.0.0.1:" + port + "/");
    }

    private static void handle(HttpExchange exchange, byte[] key) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            String problem = problem(key, id, timestamp, signatures, body);
            String text = new String(body, StandardCharsets.UTF_8);
            if (problem == null) {
                System.out.println("verified " + id + " " + text);
                exchange.sendResponseHeaders(204, -1);
            } else {
                System.out.println("REJECTED (" + problem + ") " + id);
                exchange.sendResponseHeaders(401, -1);
            }
        }
    }

    private static String problem(byte[] key, String id, String timestamp, String signatures, byte[] body) {
        if (id == null || timestamp == null || signatures == null) {
            return "missing webhook-id, webhook-timestamp or webhook-signature";
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "webhook-timestamp is not a number";
        }
        if (Math.abs(Instant.now().getEpochSecond() - sentAt) > TOLERANCE_SECONDS) {
            return "webhook-timestamp too far from now";
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = Base64.getEncoder().encode(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            return "cannot compute HMAC-SHA256: " + e;
        }
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, signature.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                return null;
            }
        }
        return "no signature matches";
    }
}
