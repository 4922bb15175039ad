package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's mail server finds Jakarta Mail's stream provider by name, not by a scan of the class
 * path at every part of every message it stores; a provider named already is left alone.
 */
class LauncherMailStreamProviderTest {

    private static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    private final String before = System.getProperty(PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }

    @Test
    void angus_mails_provider_is_named_unless_one_is_already() {
        System.clearProperty(PROPERTY);
        LocalStack.nameTheMailStreamProvider();
        assertThat(System.getProperty(PROPERTY)).isEqualTo("org.eclipse.angus.mail.util.MailStreamProvider");
        assertThat(StreamProvider.provider().getClass().getName()).isEqualTo("org.eclipse.angus.mail.util.MailStreamProvider");

        System.setProperty(PROPERTY, "com.example.OwnStreamProvider");
        LocalStack.nameTheMailStreamProvider();
        assertThat(System.getProperty(PROPERTY)).isEqualTo("com.example.OwnStreamProvider");
    }
}
