package io.expoleads.localstack;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import javax.imageio.ImageIO;

/**
 * A video for Chromium's fake camera ({@code --use-file-for-fake-video-capture}), played in a loop:
 * a badge's QR code held up in front of the lens, turned a little one way and the other as a hand
 * holds it. The browser test uses it to scan with the camera as a phone would, through the page's
 * own QR decoding.
 */
final class CameraFeed {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    /** The tilts filmed, in degrees: a badge is seldom held perfectly square to the lens. */
    private static final double[] TILTS = {0, 3, -3, 6, -6, 9, -9};
    /** Frames each tilt is held (at 10 frames a second). */
    private static final int FRAMES_PER_TILT = 5;

    private CameraFeed() {
    }

    /**
     * Writes the video: the badge's QR code (a PNG, as lead-service draws it) on white, at every tilt
     * ZXing (Java, the algorithm the page's zxing-js ports) reads. A detector misses the finder
     * patterns of some codes at a given angle (ZXing Java 3.5.3: 8 of 400 badge-like codes held
     * square, none once tilted), and zxing-js in the page does not miss exactly the same ones: with
     * one looping frame, a code the page could not read at that one angle failed the camera step now
     * and then in CI, tilt chosen by the Java reader or not. Several angles in turn leave the page's
     * decoder a picture it reads within the loop.
     */
    static void filming(byte[] qrPng, Path video) throws IOException {
        BufferedImage code = ImageIO.read(new ByteArrayInputStream(qrPng));
        if (code.getWidth() > HEIGHT || code.getHeight() > HEIGHT) {
            throw new IllegalArgumentException("A " + code.getWidth() + " px code does not fit a " + WIDTH + "x" + HEIGHT + " frame");
        }
        java.util.List<byte[]> frames = new java.util.ArrayList<>();
        for (double tilt : TILTS) {
            byte[] luma = frame(code, tilt);
            if (readable(luma)) {
                frames.add(luma);
            }
        }
        if (frames.isEmpty()) {
            throw new IllegalStateException("No tilt of this badge's QR code makes a frame ZXing reads");
        }
        write(frames, video);
    }

    /** The code centred on white, turned by {@code tilt} degrees, as the frame's luma (16 to 235). */
    private static byte[] frame(BufferedImage code, double tilt) {
        BufferedImage picture = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = picture.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.rotate(Math.toRadians(tilt), WIDTH / 2.0, HEIGHT / 2.0);
            g.drawImage(code, (WIDTH - code.getWidth()) / 2, (HEIGHT - code.getHeight()) / 2, null);
        } finally {
            g.dispose();
        }
        byte[] grey = ((DataBufferByte) picture.getRaster().getDataBuffer()).getData();
        byte[] luma = new byte[WIDTH * HEIGHT];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = (byte) (16 + (grey[i] & 0xff) * 219 / 255);
        }
        return luma;
    }

    private static boolean readable(byte[] luma) {
        try {
            new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new PlanarYUVLuminanceSource(luma, WIDTH, HEIGHT, 0, 0, WIDTH, HEIGHT, false))));
            return true;
        } catch (ReaderException unreadable) {
            return false;
        }
    }

    private static void write(java.util.List<byte[]> frames, Path video) throws IOException {
        byte[] chroma = new byte[WIDTH * HEIGHT / 4];
        java.util.Arrays.fill(chroma, (byte) 128);
        try (OutputStream out = Files.newOutputStream(video)) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F10:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] luma : frames) {
                for (int repeat = 0; repeat < FRAMES_PER_TILT; repeat++) {
                    out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(luma);
                    out.write(chroma);
                    out.write(chroma);
                }
            }
        }
    }
}
