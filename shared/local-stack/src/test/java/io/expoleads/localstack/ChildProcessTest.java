package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A background JVM runs at a lower scheduling priority than the others; the others as the launcher does. */
class ChildProcessTest {

    @TempDir
    Path logs;

    @Test
    void background_work_runs_niced_and_the_rest_at_the_launchers_priority() throws Exception {
        try (ChildProcess background = sleeper(true); ChildProcess foreground = sleeper(false)) {
            assertThat(background.isAlive()).isTrue();
            assertThat(foreground.isAlive()).isTrue();
            Path self = Path.of("/proc/self/stat");
            if (Files.isReadable(self) && Files.isExecutable(Path.of("/usr/bin/nice"))) {
                int launcher = niceness(self);
                assertThat(niceness(Path.of("/proc", Long.toString(background.pid()), "stat")))
                        .isEqualTo(Math.min(19, launcher + ChildProcess.BACKGROUND_NICENESS));
                assertThat(niceness(Path.of("/proc", Long.toString(foreground.pid()), "stat"))).isEqualTo(launcher);
            }
        }
    }

    private ChildProcess sleeper(boolean background) throws IOException {
        return ChildProcess.startJava(background ? "background" : "foreground", background,
                List.of("-cp", System.getProperty("java.class.path"), Sleeper.class.getName()), Map.of(),
                logs.resolve((background ? "background" : "foreground") + ".log"));
    }

    /** The niceness in a {@code /proc/<pid>/stat}: the 19th field, the 17th after the command's closing parenthesis. */
    private static int niceness(Path stat) throws IOException {
        String line = Files.readString(stat);
        return Integer.parseInt(line.substring(line.lastIndexOf(')') + 2).split(" ")[16]);
    }

    /** A JVM that waits to be stopped. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(60_000);
        }
    }
}
