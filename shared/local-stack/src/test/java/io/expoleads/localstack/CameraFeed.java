package io.expoleads.localstack;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * A video for Chromium's fake camera ({@code --use-file-for-fake-video-capture}): one Y4M frame,
 * played in a loop, of a badge's QR code held up in front of the lens. The browser test uses it to
 * scan with the camera as a phone would, through the page's own QR decoding.
 */
final class CameraFeed {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int CODE_SIZE = 420;

    private CameraFeed() {
    }

    /** Writes the video: the QR code (a PNG, as lead-service draws badges) centred on white. */
    static void filming(byte[] qrPng, Path video) throws IOException {
        BufferedImage code = ImageIO.read(new ByteArrayInputStream(qrPng));
        byte[] luma = new byte[WIDTH * HEIGHT];
        java.util.Arrays.fill(luma, (byte) 235);
        int left = (WIDTH - CODE_SIZE) / 2;
        int top = (HEIGHT - CODE_SIZE) / 2;
        for (int y = 0; y < CODE_SIZE; y++) {
            for (int x = 0; x < CODE_SIZE; x++) {
                int rgb = code.getRGB(x * code.getWidth() / CODE_SIZE, y * code.getHeight() / CODE_SIZE);
                int grey = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
                luma[(top + y) * WIDTH + left + x] = (byte) (grey < 128 ? 16 : 235);
            }
        }
        byte[] chroma = new byte[WIDTH * HEIGHT / 4];
        java.util.Arrays.fill(chroma, (byte) 128);
        try (OutputStream out = Files.newOutputStream(video)) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F10:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            out.write(luma);
            out.write(chroma);
            out.write(chroma);
        }
    }
}
