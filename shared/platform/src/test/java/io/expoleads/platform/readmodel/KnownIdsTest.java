package io.expoleads.platform.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.expoleads.platform.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class KnownIdsTest {

    private static final String ID = "3f0c2a8e-5b1d-4c7e-9a40-2d6b8e1f7c55";

    @Test
    void only_the_canonical_text_of_a_uuid_is_an_id() {
        assertThat(KnownIds.wellFormed(ID)).isTrue();
        assertThat(KnownIds.wellFormed(UUID.randomUUID().toString())).isTrue();
        assertThat(KnownIds.wellFormed("not-a-uuid")).isFalse();
        assertThat(KnownIds.wellFormed(ID.toUpperCase())).as("the services write ids in lower case").isFalse();
        assertThat(KnownIds.wellFormed("1-1-1-1-1")).as("UUID.fromString's lenient form").isFalse();
        assertThat(KnownIds.wellFormed(ID + " ")).isFalse();
        assertThat(KnownIds.wellFormed("")).isFalse();
        assertThat(KnownIds.wellFormed(null)).isFalse();
    }

    @Test
    void a_malformed_id_is_a_400_with_its_reason_and_the_read_model_is_not_asked() {
        AtomicInteger reads = new AtomicInteger();
        KnownIds<String> editions = new KnownIds<>("Edition", "editionId", "UNKNOWN_EDITION",
                id -> { reads.incrementAndGet(); return Optional.of("known"); }, Duration.ofSeconds(2));
        assertThatThrownBy(() -> editions.require("not-a-uuid")).isInstanceOfSatisfying(ApiException.class, refused -> {
            assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.properties()).containsEntry("reason", KnownIds.MALFORMED_ID);
            assertThat(refused.fieldErrors()).singleElement().satisfies(error -> assertThat(error).containsEntry("field", "editionId"));
        });
        assertThat(reads).hasValue(0);
    }

    @Test
    void an_id_that_arrives_during_the_wait_is_answered() {
        AtomicInteger reads = new AtomicInteger();
        KnownIds<String> editions = new KnownIds<>("Edition", "editionId", "UNKNOWN_EDITION",
                id -> reads.incrementAndGet() < 4 ? Optional.empty() : Optional.of("arrived"), Duration.ofSeconds(5));
        assertThat(editions.require(ID)).isEqualTo("arrived");
        assertThat(reads).hasValue(4);
    }

    @Test
    void an_id_never_heard_of_is_a_404_with_its_reason_once_the_wait_is_over() {
        AtomicInteger reads = new AtomicInteger();
        KnownIds<String> editions = new KnownIds<>("Edition", "editionId", "UNKNOWN_EDITION",
                id -> { reads.incrementAndGet(); return Optional.empty(); }, Duration.ofMillis(600));
        long started = System.nanoTime();
        assertThatThrownBy(() -> editions.require(ID)).isInstanceOfSatisfying(ApiException.class, refused -> {
            assertThat(refused.status()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(refused.properties()).containsEntry("reason", "UNKNOWN_EDITION");
            assertThat(refused.title()).isEqualTo("Edition not found");
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isBetween(Duration.ofMillis(600), Duration.ofSeconds(5));
        assertThat(reads.get()).as("re-read a few times, spaced out, not spun on").isBetween(3, 12);
    }

    @Test
    void without_waiting_an_unknown_id_is_refused_after_one_read() {
        AtomicInteger reads = new AtomicInteger();
        KnownIds<String> editions = new KnownIds<>("Edition", "editionId", "UNKNOWN_EDITION",
                id -> { reads.incrementAndGet(); return Optional.empty(); }, Duration.ofSeconds(30));
        assertThatThrownBy(() -> editions.requireNow(ID)).isInstanceOf(ApiException.class);
        assertThat(reads).hasValue(1);
    }
}
