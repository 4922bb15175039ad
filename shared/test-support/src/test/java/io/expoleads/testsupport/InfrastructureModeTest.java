package io.expoleads.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InfrastructureModeTest {

    private final String before = System.getProperty(InfrastructureMode.PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(InfrastructureMode.PROPERTY);
        } else {
            System.setProperty(InfrastructureMode.PROPERTY, before);
        }
    }

    @Test
    void the_system_property_forces_a_mode_in_any_case() {
        System.setProperty(InfrastructureMode.PROPERTY, "Embedded");
        assertThat(InfrastructureMode.requested()).isEqualTo(InfrastructureMode.EMBEDDED);
        System.setProperty(InfrastructureMode.PROPERTY, " containers ");
        assertThat(InfrastructureMode.requested()).isEqualTo(InfrastructureMode.CONTAINERS);
    }

    @Test
    void an_unknown_mode_is_refused_with_the_choices() {
        System.setProperty(InfrastructureMode.PROPERTY, "docker");
        assertThatThrownBy(InfrastructureMode::requested).hasMessageContaining("auto, containers or embedded");
    }

    @Test
    void a_forced_mode_is_taken_as_it_is() {
        assertThat(TestInfrastructure.chooseMode(InfrastructureMode.EMBEDDED)).isEqualTo(InfrastructureMode.EMBEDDED);
        assertThat(TestInfrastructure.chooseMode(InfrastructureMode.CONTAINERS)).isEqualTo(InfrastructureMode.CONTAINERS);
    }
}
