package io.expoleads.lead.badge;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Reads badge QR codes back as a scanner would: PNGs with ZXing, SVGs drawn to pixels first. */
final class QrImages {

    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

    private QrImages() {
    }

    static BufferedImage png(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException("not a PNG");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the one QR code in the image. */
    static String decode(BufferedImage image) {
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE)).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            throw new AssertionError("no readable QR code in the image", e);
        }
    }

    /** The badge SVG parsed as XML: it must be well-formed. */
    static Element svgRoot(String svg) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            return document.getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("the SVG is not well-formed XML", e);
        }
    }

    /**
     * Draws the badge SVG at {@code scale} pixels a module: its white background and every
     * rectangle of its dark path (the only shapes a badge SVG has).
     */
    static BufferedImage rasterize(String svg, int scale) {
        Element root = svgRoot(svg);
        String[] viewBox = root.getAttribute("viewBox").split(" ");
        int width = Integer.parseInt(viewBox[2]);
        int height = Integer.parseInt(viewBox[3]);
        BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        graphics.setColor(Color.BLACK);
        String path = ((Element) root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").item(0)).getAttribute("d");
        Matcher run = RUN.matcher(path);
        int end = 0;
        while (run.find()) {
            if (run.start() != end || !run.group(3).equals(run.group(4))) {
                throw new AssertionError("unexpected path data at " + end + ": " + path.substring(end, Math.min(path.length(), end + 40)));
            }
            graphics.fillRect(Integer.parseInt(run.group(1)) * scale, Integer.parseInt(run.group(2)) * scale,
                    Integer.parseInt(run.group(3)) * scale, scale);
            end = run.end();
        }
        if (end != path.length()) {
            throw new AssertionError("unexpected path data at " + end);
        }
        graphics.dispose();
        return image;
    }

    /** How many rows and columns at the image's edges hold no dark pixel. */
    static int lightBorder(BufferedImage image) {
        int border = 0;
        while (border < image.getWidth() / 2) {
            for (int i = border; i < image.getWidth() - border; i++) {
                if (dark(image, i, border) || dark(image, i, image.getHeight() - 1 - border)
                        || dark(image, border, i) || dark(image, image.getWidth() - 1 - border, i)) {
                    return border;
                }
            }
            border++;
        }
        return border;
    }

    private static boolean dark(BufferedImage image, int x, int y) {
        return (image.getRGB(x, y) & 0xff) < 128;
    }
}
