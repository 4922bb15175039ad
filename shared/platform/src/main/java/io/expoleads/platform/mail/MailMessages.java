package io.expoleads.platform.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.ULocale;
import org.springframework.util.ClassUtils;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.AbstractMessageResolver;

/**
 * The words of the emails, one UTF-8 properties file per language, formatted with ICU's
 * MessageFormat: {@code {0, plural, ...}} follows CLDR's rules (Arabic's zero, one, two, few, many,
 * other; French's 0 as one) and {@code #} and {@code {0, number}} write the reader's digits. A single
 * apostrophe is an apostrophe (ICU's default), so French needs no doubling but before a brace.
 * No fallback between languages: a key missing in one shows as {@code ??key_locale??}.
 */
final class MailMessages extends AbstractMessageResolver {

    private final Map<MailLanguage, Properties> bundles = new EnumMap<>(MailLanguage.class);

    MailMessages(String baseName) {
        for (MailLanguage language : MailLanguage.values()) {
            bundles.put(language, load(baseName + "_" + language.code() + ".properties"));
        }
    }

    private static Properties load(String path) {
        Properties properties = new Properties();
        try (InputStream in = ClassUtils.getDefaultClassLoader().getResourceAsStream(path)) {
            if (in != null) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the mail messages " + path + " could not be read", e);
        }
        return properties;
    }

    String format(MailLanguage language, String key, Object... arguments) {
        String pattern = bundles.get(language).getProperty(key);
        if (pattern == null) {
            return absent(key, language.locale().toString());
        }
        return new MessageFormat(pattern, ULocale.forLocale(language.locale())).format(arguments == null ? new Object[0] : arguments);
    }

    @Override
    public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] messageParameters) {
        MailLanguage language = MailLanguage.of(context.getLocale().getLanguage());
        String pattern = bundles.get(language).getProperty(key);
        return pattern == null ? null : format(language, key, messageParameters);
    }

    @Override
    public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key, Object[] messageParameters) {
        return absent(key, context.getLocale().toString());
    }

    private static String absent(String key, String locale) {
        return "??" + key + "_" + locale + "??";
    }
}
