package io.expoleads.embeddedstore;

import java.nio.ByteBuffer;

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
 * indexes were in memory: a commit per write rewrites the pages of every document it changed, and
 * reads of pages no longer cached decode each document on them.
 *
 * <p>A BSON value is one tag byte ({@value #BSON_DOCUMENT}, a tag H2's object type leaves unused)
 * and the BSON document, which carries its own length. Anything else, and every value of a file
 * written before this type (tagged by H2's object type), goes through H2's object type as before: a
 * store keeps opening the files earlier versions wrote, and a document holding a value BSON cannot
 * encode is stored as it always was.
 */
final class BsonDocumentType extends BasicDataType<Object> {

    /** A tag H2's {@link ObjectDataType} does not use (its tags are 0-19, 32-49 and 64-119). */
    static final int BSON_DOCUMENT = 120;

    private static final int KEPT_BUFFER = 1 << 20;

    private static final ThreadLocal<ByteBuf> ENCODING = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

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
            ByteBuf encoded = ENCODING.get().clear();
            try {
                BsonEncoder.encodeDocument(document, encoded);
            } catch (IllegalArgumentException notBson) {
                others.write(buffer, value);
                return;
            } finally {
                if (encoded.capacity() > KEPT_BUFFER) {
                    ENCODING.remove();
                }
            }
            int length = encoded.readableBytes();
            buffer.put((byte) BSON_DOCUMENT).put(encoded.array(), encoded.arrayOffset() + encoded.readerIndex(), length);
            averageMemory = (int) ((2L * length + 15L * averageMemory) / 16);
            return;
        }
        others.write(buffer, value);
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
