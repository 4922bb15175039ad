package io.expoleads.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A checker missing from the machine fails the tests that need it, saying what to install; it never skips them. */
class ToolTest {

    @Test
    void aMissingToolFailsSayingWhichPackageBringsIt() {
        assertThatThrownBy(() -> Tool.require("expo-no-such-checker", "apt-get install -y expo-no-such-package"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expo-no-such-checker is not on the PATH")
                .hasMessageContaining("apt-get install -y expo-no-such-package");
    }

    @Test
    void aToolOnThePathIsRunAndHeard() throws Exception {
        Tool.Run version = Tool.require("promtool", Tool.PROMTOOL).run(ObservabilityFiles.MODULE, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).startsWith("promtool, version ");
    }
}
