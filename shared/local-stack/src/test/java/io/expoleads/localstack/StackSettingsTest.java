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

    @Test
    void cluster_mode_runs_three_kafka_nodes_on_consecutive_port_pairs() {
        StackSettings single = StackSettings.fromArguments(new String[] {"--root=."});
        assertThat(single.cluster()).isFalse();
        assertThat(single.kafkaNodePorts()).containsExactly(new int[] {9092, 9093});
        StackSettings cluster = StackSettings.fromArguments(new String[] {"--root=.", "--cluster", "--kafka-port=19092",
            "--kafka-controller-port=19093"});
        assertThat(cluster.cluster()).isTrue();
        assertThat(cluster.kafkaNodePorts()).containsExactly(new int[] {19092, 19093}, new int[] {19094, 19095},
                new int[] {19096, 19097});
        assertThat(cluster.withPorts(1, 2, 3, 4, 5, 6).cluster()).as("kept by the copies").isTrue();
    }

    @Test
    void cluster_mode_runs_two_instances_of_each_service_a_hundred_ports_apart_unless_told() {
        StackSettings single = StackSettings.fromArguments(new String[] {"--root=."});
        assertThat(single.instances()).isEqualTo(1);
        assertThat(single.instancePorts(single.leadPort())).containsExactly(8082);
        StackSettings cluster = StackSettings.fromArguments(new String[] {"--root=.", "--cluster"});
        assertThat(cluster.instances()).isEqualTo(2);
        assertThat(cluster.instancePorts(cluster.exhibitorPort())).containsExactly(8081, 8181);
        assertThat(cluster.instancePorts(cluster.leadPort())).containsExactly(8082, 8182);
        assertThat(cluster.instancePorts(cluster.notificationPort())).containsExactly(8083, 8183);
        StackSettings near = StackSettings.fromArguments(new String[] {"--root=.", "--cluster", "--instance-offset=1"});
        assertThat(near.instancePorts(near.leadPort())).containsExactly(8082, 8083);
        assertThat(near.withPorts(1, 2, 3, 4, 5, 6).instanceOffset()).as("kept by the copies").isEqualTo(1);
        assertThatThrownBy(() -> StackSettings.fromArguments(new String[] {"--root=.", "--instance-offset=0"}))
                .hasMessageContaining("--instance-offset");
    }

    @Test
    void a_stack_of_its_own_gets_nine_different_ports_below_the_ephemeral_range_each_free_now() throws Exception {
        for (int stack = 0; stack < 50; stack++) {
            int[] ports = StackSettings.freePorts(9);
            assertThat(java.util.Arrays.stream(ports).distinct().count()).as("different ports").isEqualTo(9);
            assertThat(java.util.Arrays.stream(ports).boxed().toList()).allSatisfy(port -> assertThat(port).isBetween(20_000, 31_999));
        }
        // One of them taken meanwhile: not handed out while it is.
        try (java.net.ServerSocket held = new java.net.ServerSocket(StackSettings.freePorts(1)[0])) {
            for (int stack = 0; stack < 200; stack++) {
                assertThat(StackSettings.freePorts(9)).doesNotContain(held.getLocalPort());
            }
        }
    }
}
