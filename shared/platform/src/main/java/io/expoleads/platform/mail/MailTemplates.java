package io.expoleads.platform.mail;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Writes a service's emails from its Thymeleaf templates, {@code mail/<name>.html} (the body only)
 * and {@code mail/<name>.txt} on the class path, with the words of {@code mail/messages_<language>.properties}
 * (ICU message patterns: CLDR's plural rules, numbers in the reader's locale). Every template sees
 * {@code language} (its {@link MailLanguage}, for {@code language.number(n)}), {@code lang},
 * {@code dir} ({@code rtl} in Arabic), {@code start} and {@code end} (the sides of a line, for the
 * {@code align} attributes mail clients still read) and {@code subject}. The HTML template escapes
 * every value it prints with {@code th:text}; a message key missing from a language's file shows as
 * {@code ??key_locale??}, which the services' tests look for. Every HTML body is set in one frame,
 * {@code frame.html} beside this class: the document, its language and direction, and the subject as
 * its title, so no service repeats them.
 */
public final class MailTemplates {

    /** The HTML document every email's body is set in; a name without extension, so no service template shadows it. */
    private static final String FRAME = "frame";

    private final TemplateEngine engine = new TemplateEngine();
    private final MailMessages messages;

    /** The templates and messages under {@code mail/} on the class path. */
    public MailTemplates() {
        this("mail/");
    }

    MailTemplates(String folder) {
        ClassLoaderTemplateResolver frame = new ClassLoaderTemplateResolver();
        frame.setPrefix("io/expoleads/platform/mail/");
        frame.setSuffix(".html");
        frame.setResolvablePatterns(Set.of(FRAME));
        frame.setCharacterEncoding("UTF-8");
        frame.setTemplateMode(TemplateMode.HTML);
        frame.setCacheable(true);
        frame.setOrder(1);
        engine.addTemplateResolver(frame);
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
        templates.setPrefix(folder);
        templates.setCharacterEncoding("UTF-8");
        templates.setTemplateMode(TemplateMode.HTML);
        templates.setTextTemplateModePatterns(Set.of("*.txt"));
        templates.setCheckExistence(true);
        templates.setCacheable(true);
        templates.setOrder(2);
        engine.addTemplateResolver(templates);
        messages = new MailMessages(folder + "messages");
        engine.setMessageResolver(messages);
    }

    /**
     * The email {@code name} in the language: its subject (the message {@code subjectKey} over
     * {@code subjectArguments}), its plain text and its HTML, both from the same variables.
     */
    public Mail render(String name, MailLanguage language, Map<String, ?> variables, String subjectKey, Object... subjectArguments) {
        String subject = messages.format(language, subjectKey, subjectArguments);
        Map<String, Object> all = new HashMap<>(variables);
        all.put("language", language);
        all.put("lang", language.code());
        all.put("dir", language.direction());
        all.put("start", language.start());
        all.put("end", language.end());
        all.put("subject", subject);
        // The frame inserts the body template this names (set last: no caller's variable can redirect it).
        all.put("mailBody", name + ".html");
        Context context = new Context(language.locale(), all);
        return new Mail(subject, engine.process(name + ".txt", context), engine.process(FRAME, context));
    }

    /** One message of the service's files in the language, such as a word the caller puts in a value. */
    public String message(MailLanguage language, String key, Object... arguments) {
        return messages.format(language, key, arguments);
    }
}
