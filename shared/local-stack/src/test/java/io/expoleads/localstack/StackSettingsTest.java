package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StackSettingsTest {

    @Test
    void the_store_is_the_data_folders_file_unless_memory_is_asked_for() {
        assertThat(StackSettings.fromArguments(new String[] {"--root=."}).memoryStore()).isFalse();
        assertThat(StackSettings.fromArguments(new String[] {"--root=.", "--store=file"}).memoryStore()).isFalse();
        StackSettings memory = StackSettings.fromArguments(new String[] {"--root=.", "--store=memory", "--lead-port=9182"});
        assertThat(memory.memoryStore()).isTrue();
        assertThat(memory.leadPort()).isEqualTo(9182);
        assertThat(memory.withPorts(1, 2, 3, 4, 5, 6).memoryStore()).as("kept by the copies").isTrue();
        assertThat(memory.webPort()).as("the web tier's default").isEqualTo(8080);
        assertThat(StackSettings.fromArguments(new String[] {"--root=.", "--web-port=9180"}).webPort()).isEqualTo(9180);
        assertThatThrownBy(() -> StackSettings.fromArguments(new String[] {"--root=.", "--store=disk"}))
                .hasMessageContaining("--store is file");
        assertThatThrownBy(() -> StackSettings.fromArguments(new String[] {"--root=.", "--colour=blue"}))
                .hasMessageContaining("colour").hasMessageContaining("store");
    }
}
