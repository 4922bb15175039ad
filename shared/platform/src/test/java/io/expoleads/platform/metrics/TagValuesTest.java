package io.expoleads.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagValuesTest {

    @Test
    void codes_pass_as_they_are() {
        assertThat(TagValues.code("UNKNOWN_ATTENDEE")).isEqualTo("UNKNOWN_ATTENDEE");
        assertThat(TagValues.code("expo.scans.v1")).isEqualTo("expo.scans.v1");
        assertThat(TagValues.code(null)).isEqualTo(TagValues.NONE);
    }

    @Test
    void ids_addresses_and_free_text_become_other() {
        assertThat(TagValues.code("3f2b8c1e-9a7d-4e7b-8c1f-2a9b7c6d5e4f")).isEqualTo(TagValues.OTHER);
        assertThat(TagValues.code("leila@casa-tram.ma")).isEqualTo(TagValues.OTHER);
        assertThat(TagValues.code("https://crm.example/hooks/42")).isEqualTo(TagValues.OTHER);
        assertThat(TagValues.code("the badge is forged")).isEqualTo(TagValues.OTHER);
        assertThat(TagValues.code("")).isEqualTo(TagValues.OTHER);
        assertThat(TagValues.code("a3f2b8c1-9a7d-4e7b-8c1f-2a9b7c6d5e4f")).isEqualTo(TagValues.OTHER);
        assertThat(TagValues.code("exhibitor-20451")).isEqualTo(TagValues.OTHER);
    }
}
