package io.expoleads.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The shared email renderer: its one HTML frame, each language's words and plural forms, its direction, escaping, a missing word shown. */
class MailTemplatesTest {

    private final MailTemplates templates = new MailTemplates("mail-test/");

    @Test
    void french_counts_zero_as_one_and_writes_apostrophes_as_they_are() {
        Mail mail = render(MailLanguage.FR, 0);
        assertThat(mail.subject()).isEqualTo("Nouveaux leads pour Atlas Mobility");
        // Moroccan French groups thousands with a dot.
        assertThat(mail.text()).isEqualTo("Les leads de Atlas Mobility, jusqu'au soir.\n0 nouveau lead\nTotal: 1.234\n");
        assertThat(mail.html()).contains("<html lang=\"fr\" dir=\"ltr\">").contains("<p align=\"left\">0 nouveau lead</p>");
    }

    @Test
    void english_has_one_and_other() {
        assertThat(render(MailLanguage.EN, 1).text()).contains("1 new lead\n").contains("Total: 1,234");
        assertThat(render(MailLanguage.EN, 2).html()).contains("2 new leads").contains("dir=\"ltr\"");
    }

    @Test
    void arabic_is_right_to_left_with_its_six_plural_forms_in_moroccan_digits() {
        Map<Long, String> forms = Map.of(0L, "لا عملاء محتملين جدد", 1L, "عميل محتمل جديد واحد", 2L, "عميلان محتملان جديدان",
                103L, "103 عملاء محتملين جدد", 11L, "11 عميلاً محتملاً جديداً", 100L, "100 عميل محتمل جديد");
        forms.forEach((count, words) -> assertThat(render(MailLanguage.AR, count).text()).contains(words + "\n"));
        Mail mail = render(MailLanguage.AR, 3);
        assertThat(mail.subject()).isEqualTo("عملاء محتملون جدد لـ Atlas Mobility");
        assertThat(mail.html()).contains("<html lang=\"ar\" dir=\"rtl\">").contains("<p align=\"right\">3 عملاء محتملين جدد</p>");
        assertThat(mail.text()).contains("Total: 1.234");
    }

    @Test
    void values_are_escaped_in_the_html_and_left_as_they_are_in_the_text() {
        Mail mail = templates.render("sample", MailLanguage.EN, Map.of("company", "<script>alert('x')</script> & Co", "count", 1,
                "total", 1234L), "sample.subject", "A & B");
        assertThat(mail.html()).contains("The leads of &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co, until tonight.")
                .doesNotContain("<script>").contains("<title>New leads for A &amp; B</title>");
        assertThat(mail.text()).contains("The leads of <script>alert('x')</script> & Co, until tonight.");
        assertThat(mail.subject()).isEqualTo("New leads for A & B");
    }

    @Test
    void every_body_is_set_in_the_one_frame_with_the_language_direction_and_subject() {
        // sample.html holds only its body: the document around it comes from the platform's frame.
        assertThat(render(MailLanguage.AR, 2).html()).startsWith("""
                <!DOCTYPE html>
                <html lang="ar" dir="rtl">
                <head><meta charset="UTF-8"><title>عملاء محتملون جدد لـ Atlas Mobility</title></head>
                <body>
                <p>""").endsWith("""
                </p>
                </body>
                </html>
                """).containsOnlyOnce("<html").containsOnlyOnce("<body>");
    }

    @Test
    void a_missing_word_shows_its_key_and_language() {
        assertThat(render(MailLanguage.AR, 1).html()).contains("??sample.missing_ar_MA??");
        assertThat(templates.message(MailLanguage.EN, "nowhere")).isEqualTo("??nowhere_en_GB??");
    }

    private Mail render(MailLanguage language, long count) {
        return templates.render("sample", language, Map.of("company", "Atlas Mobility", "count", count, "total", 1234L),
                "sample.subject", "Atlas Mobility");
    }
}
