package io.expoleads.platform.mail;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * The language an email is written in: French, English or Arabic (right to left), with the locale
 * its dates and numbers are written in. Moroccan locales, as the fair's readers write them: Latin
 * digits in Arabic too, Moroccan month names. An unknown or missing language is French, the fair's
 * first working language.
 */
public enum MailLanguage {
    FR("fr", Locale.forLanguageTag("fr-MA")),
    EN("en", Locale.forLanguageTag("en-GB")),
    AR("ar", Locale.forLanguageTag("ar-MA"));

    private final String code;
    private final Locale locale;

    MailLanguage(String code, Locale locale) {
        this.code = code;
        this.locale = locale;
    }

    /** The language of a code such as {@code en}; French when unknown or missing. */
    public static MailLanguage of(String code) {
        if (code != null) {
            for (MailLanguage language : values()) {
                if (language.code.equalsIgnoreCase(code.strip())) {
                    return language;
                }
            }
        }
        return FR;
    }

    /** The ISO 639-1 code, for {@code lang} attributes. */
    public String code() {
        return code;
    }

    public Locale locale() {
        return locale;
    }

    /** {@code rtl} or {@code ltr}, for the HTML part's {@code dir}. */
    public String direction() {
        return this == AR ? "rtl" : "ltr";
    }

    /** The start side of a line, for the HTML attributes mail clients still read ({@code align}). */
    public String start() {
        return this == AR ? "right" : "left";
    }

    /** The end side of a line. */
    public String end() {
        return this == AR ? "left" : "right";
    }

    /** One of three texts, in this language. */
    public String say(String french, String english, String arabic) {
        return switch (this) {
            case FR -> french;
            case EN -> english;
            case AR -> arabic;
        };
    }

    /** A date and time as this language writes it (the month named, as in "24 November 2026, 10:15"), in the zone. */
    public String dateTime(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT).withLocale(locale)
                .withZone(zone).format(instant);
    }

    /** A whole number as this language writes it (1,234 in English, 1 234 in French, 1.234 in Moroccan Arabic). */
    public String number(long number) {
        return NumberFormat.getIntegerInstance(locale).format(number);
    }

    /** A time of day as this language writes it, in the zone. */
    public String time(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).withZone(zone).format(instant);
    }
}
