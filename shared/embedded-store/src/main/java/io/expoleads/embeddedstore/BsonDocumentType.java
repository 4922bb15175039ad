package io.expoleads.embeddedstore;

import java.nio.ByteBuffer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the H2 file store writes its documents: as BSON, the encoding the store already speaks on the
 * wire (mongo-java-server's own encoder and decoder), instead of H2's generic object type, which
 * Java-serializes every document whole each time the page holding it is written or read. Those
 * ObjectOutputStream/ObjectInputStream passes were the largest share of the store's CPU once its
 * indexes were in memory: a commit rewrites the pages of every document changed since the last one
 * (and the store's log records each changed document: {@link StoreLog}), and reads of pages no longer
 * cached decode each document on them.
 *
 * <p>A BSON value is one tag byte ({@value #BSON_DOCUMENT}, a tag H2's object type leaves unused)
 * and the BSON document, which carries its own length. Anything else, and every value of a file
 * written before this type (tagged by H2's object type), goes through H2's object type as before: a
 * store keeps opening the files earlier versions wrote, and a document holding a value BSON cannot
 * encode is stored as it always was.
 *
 * <p>A document's encoding is kept with it ({@link #ENCODINGS}) once written: a commit writes every
 * document of each page it rewrites, not only the one that changed, so the documents sharing a page
 * with a busy one were encoded again at every commit that touched it (a third of the commits' time,
 * 12.8 % of the launcher's processor time under the benchmark's small fair). Stored documents are never
 * changed in place ({@link IndexedH2Collection}: an update stores a changed copy, a new instance), so
 * the encoding of an instance stays its encoding. Kept by identity and only while the instance lives
 * (in H2's page cache or in an answer under way), within a bound of bytes.
 */
final class BsonDocumentType extends BasicDataType<Object> {

    /** A tag H2's {@link ObjectDataType} does not use (its tags are 0-19, 32-49 and 64-119). */
    static final int BSON_DOCUMENT = 120;

    private static final int KEPT_BUFFER = 1 << 20;

    private static final ThreadLocal<ByteBuf> ENCODING = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

    /** At most this many bytes of kept encodings, over all stores of the process. */
    static final long KEPT_ENCODINGS = 64L << 20;

    /** Each stored document's encoding, by identity (weak keys compare with ==), while the document lives. */
    private static final Cache<Document, byte[]> ENCODINGS = Caffeine.newBuilder()
            .weakKeys()
            .maximumWeight(KEPT_ENCODINGS)
            .weigher((Document document, byte[] bson) -> bson.length)
            .build();

    private final ObjectDataType others = new ObjectDataType();

    /** An estimate of a document's size in memory (twice its encoded size), averaged as H2's own type does. */
    private volatile int averageMemory = 1024;

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    @Override
    public int getMemory(Object value) {
        return value instanceof Document ? averageMemory : others.getMemory(value);
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (value instanceof Document document) {
            byte[] bson = ENCODINGS.getIfPresent(document);
            if (bson == null) {
                bson = encoded(document);
                if (bson == null) {
                    others.write(buffer, value);
                    return;
                }
                ENCODINGS.put(document, bson);
            }
            buffer.put((byte) BSON_DOCUMENT).put(bson);
            averageMemory = (int) ((2L * bson.length + 15L * averageMemory) / 16);
            return;
        }
        others.write(buffer, value);
    }

    /** The stored document's size in BSON (0 if it holds a value BSON cannot encode). */
    static int size(Document document) {
        byte[] bson = ENCODINGS.getIfPresent(document);
        if (bson == null) {
            bson = encoded(document);
        }
        return bson == null ? 0 : bson.length;
    }

    /** The document in BSON, or null if it holds a value BSON cannot encode. */
    private static byte[] encoded(Document document) {
        ByteBuf encoding = ENCODING.get().clear();
        try {
            BsonEncoder.encodeDocument(document, encoding);
            byte[] bson = new byte[encoding.readableBytes()];
            encoding.getBytes(encoding.readerIndex(), bson);
            return bson;
        } catch (IllegalArgumentException notBson) {
            return null;
        } finally {
            if (encoding.capacity() > KEPT_BUFFER) {
                ENCODING.remove();
            }
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        if ((buffer.get(buffer.position()) & 0xff) != BSON_DOCUMENT) {
            return others.read(buffer);
        }
        buffer.get();
        ByteBuf bson = Unpooled.wrappedBuffer(buffer.duplicate());
        Document document = BsonDecoder.decodeBson(bson);
        buffer.position(buffer.position() + bson.readerIndex());
        return document;
    }

    @Override
    public int compare(Object a, Object b) {
        // Only ever a map's value type: values are not compared, but if asked, as H2 compares objects.
        return others.compare(a, b);
    }
}
