package io.expoleads.lead.attendee;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys the directory search matches a prefix against: each of first name, last name and
 * company, whole and word by word, lower-cased and without accents, behind the letter of its field
 * ({@code f:}, {@code l:}, {@code c:}; {@code n:} for the full name), so a search asks only the fields the organizer lets
 * exhibitors see. "Élodie Durand-Lévêque" gives {@code f:elodie}, {@code l:durand-leveque},
 * {@code l:durand}, {@code l:leveque}.
 */
public final class SearchKeys {

    static final String FIRST_NAME = "f:";
    static final String LAST_NAME = "l:";
    static final String COMPANY = "c:";
    /** The full name, first then last and last then first, for a search such as "jean dup". */
    static final String FULL_NAME = "n:";

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern WORD_BREAKS = Pattern.compile("[\\s\\-'’.,/&()]+");

    private SearchKeys() {
    }

    /** The keys of a visitor's names and company; none for a stub whose names are gone. */
    static List<String> of(String firstName, String lastName, String company) {
        Set<String> keys = new LinkedHashSet<>();
        add(keys, FIRST_NAME, firstName);
        add(keys, LAST_NAME, lastName);
        add(keys, COMPANY, company);
        String first = normalize(firstName);
        String last = normalize(lastName);
        if (!first.isEmpty() && !last.isEmpty()) {
            keys.add(FULL_NAME + first + " " + last);
            keys.add(FULL_NAME + last + " " + first);
        }
        return List.copyOf(keys);
    }

    /** The text as searched: accents dropped, lower case, spaces collapsed; empty for null. */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String bare = MARKS.matcher(decomposed).replaceAll("");
        return SPACES.matcher(bare.toLowerCase(Locale.ROOT).strip()).replaceAll(" ");
    }

    private static void add(Set<String> keys, String field, String value) {
        String whole = normalize(value);
        if (whole.isEmpty()) {
            return;
        }
        keys.add(field + whole);
        List<String> words = new ArrayList<>();
        for (String word : WORD_BREAKS.split(whole)) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        words.forEach(word -> keys.add(field + word));
    }
}
