package io.expoleads.lead.badge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;

import io.expoleads.platform.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.w3c.dom.Element;

/** Badge QR codes read back as a scanner reads them, and how the badge endpoint picks PNG, SVG or JSON. */
class BadgeQrTest {

    private static final String PAYLOAD = "eyJraWQiOiJjYXNhS2V5MDAwMDEiLCJhbGciOiJFZERTQSJ9"
            + ".eyJlIjoiMWY4ZDM1ZTAtMmYwNi00ZjM3LWE1ZWItN2Q5YzRmMzZkMTAyIiwiYSI6IjNhNzM2YjEyLWMyYjctNDg4Yy05MzI4LTVlYTE2NzUyYmQ0YSIsIm4iOjF9"
            + ".ZG8gbm90IHZlcmlmeSB0aGlzOiBpdCBpcyBvbmx5IGEgbGF5b3V0IHRlc3QncyBzdGFuZC1pbiBzaWduYXR1cmUuLi4uLi4";

    @Test
    void the_png_reads_back_as_the_payload_with_a_quiet_zone_of_four_modules() {
        BufferedImage png = QrImages.png(BadgeQr.png(PAYLOAD, 512));
        int modules = Integer.parseInt(QrImages.svgRoot(BadgeQr.svg(PAYLOAD, 512)).getAttribute("viewBox").split(" ")[2]);

        assertThat(QrImages.decode(png)).isEqualTo(PAYLOAD);
        assertThat(png.getWidth()).isEqualTo(png.getHeight()).isGreaterThanOrEqualTo(512);
        assertThat(QrImages.lightBorder(png)).isGreaterThanOrEqualTo(BadgeQr.QUIET_ZONE * (512 / modules));
    }

    @Test
    void the_svg_is_one_path_of_whole_modules_that_reads_back_as_the_payload() {
        String svg = BadgeQr.svg(PAYLOAD, 300);
        Element root = QrImages.svgRoot(svg);

        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getAttribute("width")).isEqualTo("300");
        assertThat(root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength()).isEqualTo(1);
        assertThat(QrImages.decode(QrImages.rasterize(svg, 6))).isEqualTo(PAYLOAD);
        assertThat(QrImages.lightBorder(QrImages.rasterize(svg, 1))).as("the quiet zone, in modules").isEqualTo(BadgeQr.QUIET_ZONE);
    }

    @Test
    void the_accept_header_picks_png_svg_or_json_and_png_is_the_default() {
        assertThat(BadgeController.negotiate(null)).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(BadgeController.negotiate("*/*")).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(BadgeController.negotiate("image/*")).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(BadgeController.negotiate("image/svg+xml")).isEqualTo(BadgeController.SVG);
        assertThat(BadgeController.negotiate("application/json")).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(BadgeController.negotiate("image/png;q=0.5, image/svg+xml")).isEqualTo(BadgeController.SVG);
        assertThat(BadgeController.negotiate("image/*;q=0.9, application/json;q=0.8")).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(BadgeController.negotiate("image/*, image/png;q=0")).as("a specific q=0 excludes PNG")
                .isEqualTo(BadgeController.SVG);
        assertThat(BadgeController.negotiate("text/html, */*;q=0.1")).isEqualTo(MediaType.IMAGE_PNG);
        assertThatThrownBy(() -> BadgeController.negotiate("text/html"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_ACCEPTABLE));
        assertThatThrownBy(() -> BadgeController.negotiate("image/png;q=x;;"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
    }
}
