package io.expoleads.lead.badge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A badge payload as a QR code (ZXing), error correction M, with the 4-module quiet zone the QR
 * standard asks for: a PNG, or an SVG of one path drawn from ZXing's module matrix.
 */
final class BadgeQr {

    static final int QUIET_ZONE = 4;
    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE);

    private BadgeQr() {
    }

    /** A PNG of about {@code size} pixels square; modules are whole pixels, so it may come out a little larger. */
    static byte[] png(String payload, int size) {
        BitMatrix matrix = encode(payload, size);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    /**
     * An SVG whose user units are modules (quiet zone included), shown {@code size} pixels square;
     * each run of dark modules in a row is one rectangle of a single path.
     */
    static String svg(String payload, int size) {
        BitMatrix modules = encode(payload, 0);
        int width = modules.getWidth();
        int height = modules.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            int x = 0;
            while (x < width) {
                if (!modules.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < width && modules.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y)
                        .append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + size + "\" height=\"" + size
                + "\" viewBox=\"0 0 " + width + " " + height + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + width + "\" height=\"" + height + "\" fill=\"#ffffff\"/>"
                + "<path fill=\"#000000\" d=\"" + path + "\"/></svg>\n";
    }

    /** The module matrix, quiet zone included; with {@code size} 0, one pixel a module. */
    private static BitMatrix encode(String payload, int size) {
        try {
            return new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, size, size, HINTS);
        } catch (WriterException e) {
            throw new IllegalStateException("a badge payload always fits a QR code", e);
        }
    }
}
