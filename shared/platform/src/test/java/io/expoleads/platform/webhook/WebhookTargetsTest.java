package io.expoleads.platform.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetsTest {

    private final WebhookTargets production = new WebhookTargets(false);
    private final WebhookTargets localDevelopment = new WebhookTargets(true);

    @ParameterizedTest
    @CsvSource({
            "https://127.0.0.1/hook, loopback",
            "https://127.10.20.30/hook, loopback",
            "https://[::1]/hook, loopback",
            "https://10.1.2.3/hook, private",
            "https://172.16.0.1/hook, private",
            "https://172.31.255.254/hook, private",
            "https://192.168.1.10/hook, private",
            "https://169.254.169.254/latest/meta-data, link-local",
            "https://[fe80::1]/hook, link-local",
            "https://[fd00:ec2::254]/hook, unique local",
            "https://100.64.0.1/hook, carrier-grade NAT",
            "https://0.0.0.0/hook, wildcard",
            "https://[::]/hook, wildcard",
            "https://224.0.0.1/hook, multicast",
            "https://[::ffff:10.0.0.1]/hook, private",
            "https://[64:ff9b::a9fe:a9fe]/hook, link-local",
            "https://[2002:c0a8:0101::1]/hook, private",
            "https://[::10.0.0.1]/hook, private",
            "https://198.18.0.1/hook, benchmarking",
            "http://93.184.216.34/hook, https",
            "ftp://93.184.216.34/hook, https URL",
            "https://user:secret@93.184.216.34/hook, credentials",
            "not a url, URL"
    })
    void addresses_inside_the_operators_network_are_refused(String url, String reason) {
        assertThat(production.refusal(url)).containsIgnoringCase(reason);
    }

    @ValueSource(strings = {"https://93.184.216.34/hook", "https://[2606:2800:220:1:248:1893:25c8:1946]/crm/leads",
            "https://[64:ff9b::5db8:d822]/hook", "https://[2002:5db8:d822::1]/hook"})
    @ParameterizedTest
    void public_https_addresses_are_allowed(String url) {
        assertThat(production.refusal(url)).isNull();
    }

    @ValueSource(strings = {"http://127.0.0.1:9000/hook", "https://[::1]:9443/hook"})
    @ParameterizedTest
    void local_development_may_call_loopback_only(String url) {
        assertThat(localDevelopment.refusal(url)).isNull();
        assertThat(localDevelopment.refusal("http://10.0.0.1/hook")).isNotNull();
        assertThat(localDevelopment.refusal("http://93.184.216.34/hook")).contains("https");
    }
}
