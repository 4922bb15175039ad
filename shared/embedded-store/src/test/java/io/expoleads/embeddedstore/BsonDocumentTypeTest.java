package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/** The H2 file store's document encoding: BSON for documents, H2's object type for the rest and for old files. */
class BsonDocumentTypeTest {

    private final BsonDocumentType type = new BsonDocumentType();

    @Test
    void documentsComeBackAsTheyWentIn() {
        Document lead = new Document("_id", "lead-1")
                .append("exhibitorId", "ex-1")
                .append("revision", 3)
                .append("scanCount", 12_345_678_901L)
                .append("score", 7.5)
                .append("price", Decimal128.fromNumber(12.5))
                .append("consent", true)
                .append("erasedAt", null)
                .append("firstScanAt", Instant.ofEpochMilli(1_733_400_000_123L))
                .append("object", new ObjectId())
                .append("uuid", UUID.randomUUID())
                .append("photo", new BinData(new byte[] {1, 2, 3}))
                .append("tags", List.of("hot", "vip"))
                .append("max", MaxKey.getInstance())
                .append("attendee", new Document("firstName", "Ámina").append("company", "Café ☕ Ltd")
                        .append("answers", List.of(new Document("q", 1).append("a", List.of()))));
        List<Object> values = List.of(lead, new Document(), new Document("_id", "only"));

        ByteBuffer stored = written(values, type);

        for (Object value : values) {
            assertThat(type.read(stored)).isEqualTo(value);
        }
        assertThat(stored.remaining()).as("each value read to its end").isZero();
    }

    @Test
    void documentsAreBsonNotJavaSerialization() {
        Document lead = new Document("_id", "lead-1").append("exhibitorId", "ex-1");
        ByteBuffer stored = written(List.of(lead), type);
        assertThat(stored.get(0) & 0xff).isEqualTo(BsonDocumentType.BSON_DOCUMENT);
        assertThat(stored.remaining()).as("tag and the BSON document").isEqualTo(1 + 43);
        assertThat(written(List.of(lead), new ObjectDataType()).remaining()).as("the same document Java-serialized")
                .isGreaterThan(200);
    }

    @Test
    void valuesWrittenByEarlierVersionsAndOtherValuesGoThroughH2sObjectType() {
        Document old = new Document("_id", "lead-0").append("revision", 1).append("tags", new ArrayList<>(List.of("cold")));
        List<Object> values = List.of(old, "text", 42L, 7);

        ByteBuffer storedBefore = written(values, new ObjectDataType());
        for (Object value : values) {
            assertThat(type.read(storedBefore)).isEqualTo(value);
        }
        assertThat(storedBefore.remaining()).isZero();

        ByteBuffer storedNow = written(List.of("text", 42L), type);
        assertThat(new ObjectDataType().read(storedNow)).isEqualTo("text");
        assertThat(new ObjectDataType().read(storedNow)).isEqualTo(42L);
    }

    @Test
    void aDocumentBsonCannotEncodeIsStoredAsBefore() {
        Document odd = new Document("_id", "odd").append("when", new Date(5));
        ByteBuffer stored = written(List.of(odd, new Document("_id", "next")), type);
        assertThat(stored.get(0) & 0xff).isNotEqualTo(BsonDocumentType.BSON_DOCUMENT);
        assertThat(type.read(stored)).isEqualTo(odd);
        assertThat(type.read(stored)).as("the next document encodes from a clean buffer").isEqualTo(new Document("_id", "next"));
    }

    @Test
    void aDocumentWrittenAgainIsWrittenFromTheEncodingKeptForIt() {
        Document lead = new Document("_id", "lead-1").append("revision", 1);
        ByteBuffer first = written(List.of(lead), type);

        // What the store never does (IndexedH2Collection stores a changed copy): change a written instance.
        lead.put("revision", 2);
        ByteBuffer again = written(List.of(lead), type);
        ByteBuffer copy = written(List.of(new Document(lead)), type);

        assertThat(again).as("the same instance, from its kept encoding").isEqualTo(first);
        assertThat(type.read(copy)).as("a new instance, encoded").isEqualTo(new Document("_id", "lead-1").append("revision", 2));
    }

    private static ByteBuffer written(List<Object> values, org.h2.mvstore.type.DataType<Object> with) {
        WriteBuffer buffer = new WriteBuffer();
        values.forEach(value -> with.write(buffer, value));
        ByteBuffer stored = buffer.getBuffer();
        stored.flip();
        return stored;
    }
}
