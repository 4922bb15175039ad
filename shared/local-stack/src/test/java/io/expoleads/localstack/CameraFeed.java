package io.expoleads.localstack;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import javax.imageio.ImageIO;

/**
 * A video for Chromium's fake camera ({@code --use-file-for-fake-video-capture}): one Y4M frame,
 * played in a loop, of a badge's QR code held up in front of the lens. The browser test uses it to
 * scan with the camera as a phone would, through the page's own QR decoding.
 */
final class CameraFeed {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int[] SIZES = {400, 380, 420, 360, 440, 340, 460};

    private CameraFeed() {
    }

    /**
     * Writes the video: the badge's QR code (a PNG, as lead-service draws it at a size asked for)
     * centred on white, pixel for pixel. One frame, played in a loop, is the same picture every
     * time, and ZXing's detector misses the finder patterns of some codes at some sizes (about 2 %
     * of badge-like codes at 400 px, measured): the first size whose frame ZXing (Java, the
     * algorithm the page's zxing-js ports) reads is filmed.
     */
    static void filming(IntFunction<byte[]> qrPngOfSize, Path video) throws IOException {
        for (int size : SIZES) {
            byte[] luma = frame(ImageIO.read(new ByteArrayInputStream(qrPngOfSize.apply(size))));
            if (readable(luma)) {
                write(luma, video);
                return;
            }
        }
        throw new IllegalStateException("No size of this badge's QR code makes a frame ZXing reads");
    }

    private static byte[] frame(BufferedImage code) {
        if (code.getWidth() > WIDTH || code.getHeight() > HEIGHT) {
            throw new IllegalArgumentException("A " + code.getWidth() + " px code does not fit a " + WIDTH + "x" + HEIGHT + " frame");
        }
        byte[] luma = new byte[WIDTH * HEIGHT];
        java.util.Arrays.fill(luma, (byte) 235);
        int left = (WIDTH - code.getWidth()) / 2;
        int top = (HEIGHT - code.getHeight()) / 2;
        for (int y = 0; y < code.getHeight(); y++) {
            for (int x = 0; x < code.getWidth(); x++) {
                int rgb = code.getRGB(x, y);
                int grey = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
                luma[(top + y) * WIDTH + left + x] = (byte) (grey < 128 ? 16 : 235);
            }
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

    private static void write(byte[] luma, Path video) throws IOException {
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
