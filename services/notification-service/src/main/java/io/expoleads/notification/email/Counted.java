package io.expoleads.notification.email;

import java.util.Map;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.ULocale;
import io.expoleads.platform.mail.MailLanguage;

/**
 * Counts in an email's words, with its language's plural forms: Arabic has six (zero, one, two,
 * few, many, other), which {@link java.text.ChoiceFormat}'s ranges cannot say (few and many go by
 * the last two digits: 103 is few, 111 many), and French counts 0 as one. ICU4J's MessageFormat
 * carries CLDR's plural rules and writes {@code #} in the language's digits.
 */
public final class Counted {

    private Counted() {
    }

    /**
     * The count in the language's words.
     *
     * @param french, english, arabic ICU plural patterns over {@code count}, such as
     *                                {@code {count, plural, one {# lead} other {# leads}}}
     */
    public static String say(MailLanguage language, long count, String french, String english, String arabic) {
        MessageFormat format = new MessageFormat(language.say(french, english, arabic), ULocale.forLocale(language.locale()));
        return format.format(Map.of("count", count));
    }
}
