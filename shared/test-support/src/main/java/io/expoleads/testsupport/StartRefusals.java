package io.expoleads.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What a settings test asks of a value that would misbehave: the start fails, and says which setting. */
public final class StartRefusals {

    private StartRefusals() {
    }

    /** Starting {@code context} with {@code setting} fails, and some message down the failure's causes contains {@code expected}. */
    public static void assertStartRefused(ApplicationContextRunner context, String setting, String expected) {
        context.withPropertyValues(setting).run(started -> assertThat(started).as(setting).hasFailed()
                .getFailure().satisfies(failure -> assertThat(messages(failure)).contains(expected)));
    }

    /** The failure's messages, down to its root: the binding error names the property, its cause says why. */
    public static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
