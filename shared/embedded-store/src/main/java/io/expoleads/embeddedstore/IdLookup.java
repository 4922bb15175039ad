package io.expoleads.embeddedstore;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

/**
 * A collection's unique {@code _id} index, also used for queries that name the _id beside other
 * conditions. mongo-java-server uses an index only for a query on exactly its fields, so the
 * services' guarded writes ({@code {_id: x, revision: {$lt: 3}}}, a delivery claimed if not yet
 * taken) each read their whole collection; here they read the one document, which the store's
 * matcher then checks against the whole query. Everything else is the wrapped index's.
 */
final class IdLookup<P> extends Index<P> {

    private static final String ID = "_id";

    private final Index<P> unique;

    IdLookup(Index<P> unique) {
        super(unique.getName(), unique.getKeys(), false);
        this.unique = unique;
    }

    @Override
    public boolean canHandle(Document query) {
        return unique.canHandle(query) || QueryNarrowing.valuesOf(ID, query) != null;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        if (unique.canHandle(query)) {
            return unique.getPositions(query);
        }
        List<Object> ids = QueryNarrowing.valuesOf(ID, query);
        return SecondaryIndex.inStoreOrder(copy(unique.getPositions(new Document(ID, new Document("$in", ids)))));
    }

    private static <P> List<P> copy(Iterable<P> positions) {
        List<P> all = new java.util.ArrayList<>();
        positions.forEach(all::add);
        return all;
    }

    @Override
    public P getPosition(Document document) {
        return unique.getPosition(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        unique.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        unique.add(document, position, collection);
    }

    @Override
    public P remove(Document document) {
        return unique.remove(document);
    }

    @Override
    public long getCount() {
        return unique.getCount();
    }

    @Override
    public boolean isEmpty() {
        return unique.isEmpty();
    }

    @Override
    public long getDataSize() {
        return unique.getDataSize();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        unique.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
            throws KeyConstraintError {
        unique.updateInPlace(oldDocument, newDocument, position, collection);
    }

    @Override
    public void drop() {
        unique.drop();
    }

    @Override
    public boolean isUnique() {
        return true;
    }

    @Override
    public Document toIndexDescription() {
        return unique.toIndexDescription();
    }

    @Override
    public boolean hasSameOptions(Index<?> other) {
        return unique.hasSameOptions(other);
    }
}
