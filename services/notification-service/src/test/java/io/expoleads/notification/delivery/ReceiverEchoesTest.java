package io.expoleads.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiverEchoesTest {

    @Test
    void an_http_failure_keeps_its_status_line_and_loses_what_the_receiver_wrote() {
        assertThat(ReceiverEchoes.withoutEcho("HTTP 500: could not store lead of youssef@casatransport.ma")).isEqualTo("HTTP 500");
        assertThat(ReceiverEchoes.withoutEcho("HTTP 302: redirects are not followed (Location: https://crm.example/?email=a@b)"))
                .isEqualTo("HTTP 302");
        assertThat(ReceiverEchoes.withoutEcho("HTTP 404")).isEqualTo("HTTP 404");
    }

    @Test
    void errors_of_this_service_stay_whole() {
        assertThat(ReceiverEchoes.withoutEcho("no HTTP answer: the server closed the connection"))
                .isEqualTo("no HTTP answer: the server closed the connection");
        assertThat(ReceiverEchoes.withoutEcho("refused: 10.0.0.1 is a private address")).isEqualTo("refused: 10.0.0.1 is a private address");
        assertThat(ReceiverEchoes.withoutEcho(null)).isNull();
    }

    @Test
    void an_outcome_event_says_a_webhooks_status_never_its_body() {
        AttemptResult success = new AttemptResult(AttemptResult.Outcome.SUCCEEDED, "https://crm.example", 200,
                "{\"stored\":{\"email\":\"youssef@casatransport.ma\"}}", 12, null, null);
        assertThat(ReceiverEchoes.eventDetail(Delivery.Channel.WEBHOOK, success)).isEqualTo("HTTP 200");
        AttemptResult failure = new AttemptResult(AttemptResult.Outcome.FAILED, "https://crm.example", 422,
                "{\"error\":\"youssef@casatransport.ma exists\"}", 12, "HTTP 422: {\"error\":\"youssef@casatransport.ma exists\"}", null);
        assertThat(ReceiverEchoes.eventDetail(Delivery.Channel.WEBHOOK, failure)).isEqualTo("HTTP 422");
        AttemptResult mail = new AttemptResult(AttemptResult.Outcome.SUCCEEDED, "smtp://localhost:3025", 250, "250 OK", 80, null, null);
        assertThat(ReceiverEchoes.eventDetail(Delivery.Channel.EMAIL, mail)).isEqualTo("250 OK");
    }
}
