package io.expoleads.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The send-time address check: {@code crm.example} resolves, through {@link FixedNames}, to an
 * address inside the operator's network, as a name an exhibitor registered while it pointed
 * elsewhere could. The call is refused before any connection; where the address is loopback a
 * {@link Tripwire} listens there to show that nothing reached it.
 */
class WebhookSenderAddressTest {

    private static final String SECRET = "whsec_cFhxkmjspWqIQ+NGBpRi4BUS2i5wUAumtq1hN2MYe2w=";
    private static final String BODY = "{\"type\":\"lead.captured\"}";
    private static final String HOST = "crm.example";
    /** TEST-NET-3 (RFC 5737): public as far as the policy goes, and never routed to anyone. */
    private static final String PUBLIC = "203.0.113.7";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    static Stream<Arguments> addressesInsideTheNetwork() throws UnknownHostException {
        return Stream.of(
                arguments("127.0.0.1", literal("127.0.0.1"), "loopback"),
                arguments("::1", literal("::1"), "loopback"),
                arguments("10.1.2.3", literal("10.1.2.3"), "private"),
                arguments("172.16.0.1", literal("172.16.0.1"), "private"),
                arguments("172.31.255.254", literal("172.31.255.254"), "private"),
                arguments("192.168.1.10", literal("192.168.1.10"), "private"),
                arguments("169.254.169.254 (cloud metadata)", literal("169.254.169.254"), "link-local"),
                arguments("fe80::1", literal("fe80::1"), "link-local"),
                arguments("fd00::1", literal("fd00::1"), "unique local"),
                arguments("100.64.0.1", literal("100.64.0.1"), "carrier-grade NAT"),
                arguments("0.0.0.0", literal("0.0.0.0"), "wildcard"),
                arguments("::ffff:10.0.0.1", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1}, "private"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addressesInsideTheNetwork")
    void a_name_resolving_inside_the_network_is_refused_before_connecting(String label, byte[] address, String reason) throws Exception {
        InetAddress resolved = InetAddress.getByAddress(HOST, address);
        try (Tripwire tripwire = new Tripwire(resolved.isLoopbackAddress() ? resolved : InetAddress.getLoopbackAddress());
             WebhookSender sender = new WebhookSender(false, TIMEOUT, FixedNames.of(HOST, address), java.time.Clock.systemUTC())) {

            WebhookCall call = sender.send("https://" + HOST + ":" + tripwire.port() + "/hook", "msg_1", BODY, List.of(SECRET));

            assertRefused(call, reason);
            assertThat(tripwire.connections()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void local_development_may_call_a_name_resolving_to_loopback(String loopback) throws Exception {
        InetAddress resolved = InetAddress.getByAddress(HOST, literal(loopback));
        try (Tripwire tripwire = new Tripwire(resolved);
             WebhookSender sender = new WebhookSender(true, TIMEOUT, FixedNames.of(HOST, literal(loopback)), java.time.Clock.systemUTC())) {

            WebhookCall call = sender.send("https://" + HOST + ":" + tripwire.port() + "/hook", "msg_2", BODY, List.of(SECRET));

            // The tripwire hangs up before any TLS, so the call fails; but it went to the checked address.
            assertThat(call.refused()).isFalse();
            assertThat(call.error()).doesNotStartWith("refused");
            assertThat(tripwire.connections()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "[::1]"})
    void an_ip_literal_goes_through_the_same_check(String literal) throws Exception {
        try (Tripwire tripwire = new Tripwire(InetAddress.getByName(literal));
             WebhookSender sender = new WebhookSender(false, TIMEOUT, new FixedNames(), java.time.Clock.systemUTC())) {

            WebhookCall call = sender.send("https://" + literal + ":" + tripwire.port() + "/hook", "msg_6", BODY, List.of(SECRET));

            assertRefused(call, "loopback");
            assertThat(tripwire.connections()).isZero();
        }
    }

    @Test
    void a_name_resolving_to_a_public_and_a_private_address_is_refused() throws Exception {
        try (WebhookSender sender = new WebhookSender(false, TIMEOUT, FixedNames.of(HOST, literal(PUBLIC), literal("10.0.0.1")), java.time.Clock.systemUTC())) {

            WebhookCall call = sender.send("https://" + HOST + "/hook", "msg_3", BODY, List.of(SECRET));

            assertRefused(call, "private");
        }
    }

    @Test
    void one_refused_address_among_allowed_ones_refuses_the_name_before_any_connection() throws Exception {
        try (Tripwire tripwire = new Tripwire(InetAddress.getLoopbackAddress());
             WebhookSender sender = new WebhookSender(true, TIMEOUT, FixedNames.of(HOST, literal("127.0.0.1"), literal("192.168.0.1")), java.time.Clock.systemUTC())) {

            WebhookCall call = sender.send("https://" + HOST + ":" + tripwire.port() + "/hook", "msg_4", BODY, List.of(SECRET));

            assertRefused(call, "private");
            assertThat(tripwire.connections()).isZero();
        }
    }

    @Test
    void a_public_address_is_not_refused_by_the_policy() throws Exception {
        try (WebhookSender sender = new WebhookSender(false, TIMEOUT, FixedNames.of(HOST, literal(PUBLIC)), java.time.Clock.systemUTC())) {

            WebhookCall call = sender.send("https://" + HOST + "/hook", "msg_5", BODY, List.of(SECRET));

            // Nothing answers there: the call fails, but for want of a server, not by policy.
            assertThat(call.refused()).isFalse();
            assertThat(call.status()).isZero();
            assertThat(call.error()).isNotNull().doesNotStartWith("refused");
        }
    }

    private static void assertRefused(WebhookCall call, String reason) {
        assertThat(call.refused()).isTrue();
        assertThat(call.status()).isZero();
        assertThat(call.error()).startsWith("refused: ").containsIgnoringCase(reason);
        assertThat(call.address()).isNull();
        assertThat(call.responseSnippet()).isNull();
    }

    /** An IP literal's bytes; parsing a literal involves no DNS. */
    private static byte[] literal(String ip) throws UnknownHostException {
        return InetAddress.getByName(ip).getAddress();
    }
}
