package io.expoleads.platform.metrics;

import java.util.regex.Pattern;

/**
 * Keeps metric tags bounded and free of personal data: a tag takes a code (an enum name, a reason
 * code, a topic) as it is, and anything else (an id, an address, free text) as {@code OTHER}.
 */
public final class TagValues {

    /** The value of a tag with nothing to say, such as the reason of an accepted scan. */
    public static final String NONE = "NONE";
    public static final String OTHER = "OTHER";

    /** A code: a letter, then letters, digits, '_', '.' or '-' (no '@', '/', ':' or spaces). */
    private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,47}");
    /** What makes a code-shaped value an id all the same: a run of hex digits or of digits. */
    private static final Pattern ID_LIKE = Pattern.compile("[0-9a-fA-F]{8}|[0-9]{3}");

    private TagValues() {
    }

    /** {@code value} if it reads as a code, {@link #NONE} when absent, {@link #OTHER} otherwise. */
    public static String code(Object value) {
        if (value == null) {
            return NONE;
        }
        String text = value.toString();
        return CODE.matcher(text).matches() && !ID_LIKE.matcher(text).find() ? text : OTHER;
    }
}
