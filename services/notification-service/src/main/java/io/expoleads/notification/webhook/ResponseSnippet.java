package io.expoleads.notification.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;

/**
 * The start of a receiver's answer, for the delivery log: only a few KB are read, so a receiver
 * answering with megabytes (or slowly) costs no more than its first lines.
 *
 * @param text     the first {@link #MAX_CHARS} characters at most, or null when there were none
 * @param complete the whole body was read; otherwise the connection must be discarded rather
 *                 than drained for reuse
 */
record ResponseSnippet(String text, boolean complete) {

    static final int MAX_CHARS = 500;
    static final int MAX_BYTES = 4096;

    static final ResponseSnippet NONE = new ResponseSnippet(null, true);

    /**
     * Reads what arrives of the body, leaving the stream open: closing it would drain the rest.
     * A failure part way keeps what came before it.
     */
    static ResponseSnippet read(HttpEntity entity) {
        if (entity == null) {
            return NONE;
        }
        byte[] buffer = new byte[MAX_BYTES];
        int filled = 0;
        boolean ended = false;
        try {
            InputStream body = entity.getContent();
            if (body == null) {
                return NONE;
            }
            while (filled < MAX_BYTES) {
                int read = body.read(buffer, filled, MAX_BYTES - filled);
                if (read < 0) {
                    ended = true;
                    break;
                }
                filled += read;
            }
        } catch (IOException e) {
            // The status is the answer; an unfinished body only shortens the snippet.
            ended = false;
        }
        return new ResponseSnippet(text(new String(buffer, 0, filled, charset(entity))), ended);
    }

    private static Charset charset(HttpEntity entity) {
        try {
            ContentType type = ContentType.parseLenient(entity.getContentType());
            return ContentType.getCharset(type, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            // An unknown or unsupported charset name.
            return StandardCharsets.UTF_8;
        }
    }

    private static String text(String body) {
        String text = body.strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return text.substring(0, end);
    }
}
