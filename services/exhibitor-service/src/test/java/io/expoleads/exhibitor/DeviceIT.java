package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.nimbusds.jwt.SignedJWT;
import io.expoleads.events.Topics;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

class DeviceIT extends ExhibitorServiceIT {

    @Test
    void a_device_is_set_up_from_its_qr_code_signs_in_with_its_secret_and_stops_when_revoked() throws Exception {
        Onboarding.Applicant atlas = onboarding.approved(onboarding.edition(List.of()), "fr");
        String devices = "/api/exhibitors/" + atlas.id() + "/devices";
        HttpJson.Answer added = atlas.admin().post(devices, "{\"name\":\"Tablette accueil\"}");
        assertThat(added.status()).isEqualTo(201);
        String code = added.field("setupCode");
        assertThat(code).matches("[A-HJ-NP-Z2-9]{12}");
        assertThat(decodeQr(added.field("setupQr"))).as("the QR image carries the setup code").isEqualTo(code);

        HttpJson.Answer activated = onboarding.anonymous.post("/api/devices/activate", HttpJson.json(Map.of("setupCode", code)));
        assertThat(activated.status()).isEqualTo(200);
        String deviceId = activated.field("deviceId");
        SignedJWT token = SignedJWT.parse(activated.json().get("token").get("accessToken").asString());
        assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("DEVICE");
        assertThat(token.getJWTClaimsSet().getStringClaim("exhibitorId")).isEqualTo(atlas.id());
        assertThat(onboarding.anonymous.post("/api/devices/activate", HttpJson.json(Map.of("setupCode", code))).status())
                .as("a setup code works once").isEqualTo(404);
        String secret = activated.field("deviceSecret");
        assertThat(onboarding.anonymous.post("/api/auth/token", HttpJson.json(Map.of("username", deviceId, "password", secret)))
                .status()).isEqualTo(200);
        assertThat(atlas.admin().get(devices).json().get(0).get("status").asString()).isEqualTo("ACTIVE");
        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EXHIBITORS)) {
            topic.await(record -> atlas.id().equals(record.key()) && record.value().contains("\"activeDevices\":[\"" + deviceId + "\"]"),
                    Duration.ofSeconds(30));
        }

        assertThat(atlas.admin().delete(devices + "/" + deviceId).json().get(0).get("status").asString()).isEqualTo("REVOKED");
        assertThat(onboarding.anonymous.post("/api/auth/token", HttpJson.json(Map.of("username", deviceId, "password", secret)))
                .status()).as("a revoked device cannot sign in").isEqualTo(401);
    }

    @Test
    void only_the_exhibitors_admin_adds_devices_and_only_it_and_the_organizer_see_them() {
        Onboarding.Applicant atlas = onboarding.approved(onboarding.edition(List.of()), "fr");
        Onboarding.Applicant rival = onboarding.approved(onboarding.edition(List.of()), "fr");
        String devices = "/api/exhibitors/" + atlas.id() + "/devices";
        assertThat(onboarding.anonymous.post(devices, "{\"name\":\"x\"}").status()).isEqualTo(401);
        assertThat(rival.admin().post(devices, "{\"name\":\"x\"}").status()).isEqualTo(404);
        assertThat(rival.admin().get(devices).status()).isEqualTo(404);
        assertThat(onboarding.organizer.post(devices, "{\"name\":\"x\"}").status()).isEqualTo(403);
        assertThat(onboarding.organizer.get(devices).status()).isEqualTo(200);
        assertThat(atlas.admin().post(devices, "{\"name\":\"\"}").status()).isEqualTo(400);
        assertThat(onboarding.anonymous.post("/api/devices/activate", "{\"setupCode\":\"AAAAAAAAAAAA\"}").status()).isEqualTo(404);
        Onboarding.Applicant draft = onboarding.applicant(onboarding.edition(List.of()), "fr");
        assertThat(draft.admin().post("/api/exhibitors/" + draft.id() + "/devices", "{\"name\":\"x\"}").status())
                .as("devices come with approval").isEqualTo(409);
    }

    private static String decodeQr(String dataUri) throws Exception {
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
    }
}
