package io.expoleads.embeddedstore;

import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.DataType;

/**
 * A map of the file store whose puts and removals are appended to the store's log ({@link StoreLog})
 * as they are made; mongo-java-server changes its documents and their metadata through these two only.
 * The store in memory has no log.
 */
final class LoggedMap<K, V> extends MVMap<K, V> {

    private final StoreLog log;

    private LoggedMap(Map<String, Object> config, DataType<K> keyType, DataType<V> valueType, StoreLog log) {
        super(config, keyType, valueType);
        this.log = log;
    }

    @Override
    public V put(K key, V value) {
        V previous = super.put(key, value);
        if (log != null) {
            log.append(this, key, value);
        }
        return previous;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        V removed = super.remove(key);
        if (log != null && removed != null) {
            log.append(this, key, null);
        }
        return removed;
    }

    /** A change read from the log, made again: not logged again. */
    void applyUnlogged(K key, V value) {
        if (value == null) {
            super.remove(key);
        } else {
            super.put(key, value);
        }
    }

    /** Opens maps as {@link LoggedMap}s appending to {@code log} (none: null). */
    static final class Builder<K, V> extends MVMap.BasicBuilder<LoggedMap<K, V>, K, V> {

        private final StoreLog log;

        Builder(StoreLog log) {
            this.log = log;
        }

        @Override
        protected LoggedMap<K, V> create(Map<String, Object> config) {
            return new LoggedMap<>(config, getKeyType(), getValueType(), log);
        }
    }
}
