package io.expoleads.embeddedstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.DataType;

/**
 * The file store's write-ahead log: each change to a document map (a document put or removed) is
 * appended here, and written to the file before the command that made it is answered; the H2 file
 * itself is committed every second or so ({@link DurableH2Backend#checkpoint}), for all the changes
 * since the last commit at once. A commit per write, which the store made before, wrote a whole chunk
 * for each write (its changed pages, their path to the root, and the file's layout with its entries for
 * thousands of chunks): 43 % of the launcher's processor time under the benchmark's small fair. A record
 * here is the changed document in the file's own encoding and the map's name.
 *
 * <p>After a crash (a {@code kill -9}, H2 closing the store after an internal error) the file opens at
 * its last commit and the logs written since are applied to it in order ({@link #replay}): a record
 * holds the resulting value, not the operation, so applying one that the commit already holds changes
 * nothing. A record is framed by its length and a CRC-32C: a write torn by the crash (never acknowledged,
 * since its answer waits for the write) ends the replay.
 *
 * <p>Records are appended by the writer's thread under the collection's lock that orders its changes,
 * and written by whichever writer flushes first, for every record appended until then (one write for
 * the commands of several connections). Written means handed to the operating system, as the commit
 * per write was: it survives any process's death, not a power cut (see {@link DurableH2Backend}).
 * At a checkpoint the log is {@linkplain #rotate rotated} before the commit, and the earlier logs deleted
 * after it: every record in them is of a change made before the commit started.
 */
final class StoreLog implements AutoCloseable {

    static final byte PUT = 1;
    static final byte REMOVE = 2;

    private static final String SUFFIX = ".log.";
    private static final int HEADER = 8;
    private static final int KEPT_BUFFER = 1 << 20;

    private static final ThreadLocal<WriteBuffer> RECORDING = ThreadLocal.withInitial(() -> new WriteBuffer(4096));

    private final Path storeFile;
    private final Object appending = new Object();
    /** Records appended and not yet written, in the order of their changes; guarded by {@link #appending}. */
    private List<ByteBuffer> pending = new ArrayList<>();
    private long appended;
    /** The number of the last record each thread appended: what its command's answer waits for ({@link #flushOwn}). */
    private final ThreadLocal<long[]> lastOfThread = ThreadLocal.withInitial(() -> new long[1]);
    private final ReentrantLock writing = new ReentrantLock();
    private volatile long written;
    /** The log records are written to; guarded by {@link #writing}. */
    private FileChannel channel;
    private long generation;
    private boolean closed;

    private StoreLog(Path storeFile, long generation) {
        this.storeFile = storeFile;
        this.generation = generation;
    }

    /** The log of the store in {@code storeFile}, after the logs left there ({@link #replayLeft}). */
    static StoreLog at(Path storeFile) {
        List<Path> left = logs(storeFile);
        return new StoreLog(storeFile, left.isEmpty() ? 0 : generationOf(storeFile, left.get(left.size() - 1)));
    }

    /**
     * Applies the logs left beside the store's file (by a crash) to its maps ({@code maps}, by name), in
     * the order they were written; the caller then commits the store and deletes them ({@link #rotate},
     * {@link #deleteUpTo}) before anything new is written.
     */
    void replayLeft(Function<String, MVMap<Object, Object>> maps) {
        for (Path file : logs(storeFile)) {
            replay(file, maps);
        }
    }

    /**
     * Appends the change to the map (a put of {@code value}, or a removal when it is null); called by the
     * writer, after the change and under the lock that orders the changes of its key. The number it
     * returns is passed to {@link #flush} before the writer's command is answered.
     */
    long append(MVMap<?, ?> map, Object key, Object value) {
        WriteBuffer record = RECORDING.get().clear();
        String name = map.getName();
        record.putInt(0).putInt(0).putVarInt(name.length()).putStringData(name, name.length());
        @SuppressWarnings("unchecked") DataType<Object> keyType = (DataType<Object>) map.getKeyType();
        @SuppressWarnings("unchecked") DataType<Object> valueType = (DataType<Object>) map.getValueType();
        record.put(value == null ? REMOVE : PUT);
        keyType.write(record, key);
        if (value != null) {
            valueType.write(record, value);
        }
        ByteBuffer framed = record.getBuffer();
        framed.flip();
        int length = framed.remaining() - HEADER;
        CRC32C crc = new CRC32C();
        crc.update(framed.slice(HEADER, length));
        framed.putInt(0, length).putInt(4, (int) crc.getValue());
        ByteBuffer copy = ByteBuffer.allocate(framed.remaining()).put(framed).flip();
        if (record.capacity() > KEPT_BUFFER) {
            RECORDING.remove();
        }
        long number;
        synchronized (appending) {
            pending.add(copy);
            number = ++appended;
        }
        lastOfThread.get()[0] = number;
        return number;
    }

    /** Returns once every record this thread appended is written to the file. */
    void flushOwn() {
        flush(lastOfThread.get()[0]);
    }

    /** Returns once the records appended up to {@code record} are written to the file (by this thread or another). */
    void flush(long record) {
        if (written >= record) {
            return;
        }
        writing.lock();
        try {
            if (written < record) {
                writePending();
            }
        } finally {
            writing.unlock();
        }
    }

    /** Writes every record appended by now to the log now written; under {@link #writing}. */
    private void writePending() {
        List<ByteBuffer> batch;
        long upTo;
        synchronized (appending) {
            batch = pending;
            upTo = appended;
            pending = new ArrayList<>();
        }
        if (batch.isEmpty()) {
            written = upTo;
            return;
        }
        if (closed) {
            throw new IllegalStateException("The store's log is closed");
        }
        try {
            if (channel == null) {
                channel = FileChannel.open(fileOf(generation), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            ByteBuffer[] buffers = batch.toArray(ByteBuffer[]::new);
            long remaining = batch.stream().mapToLong(ByteBuffer::remaining).sum();
            while (remaining > 0) {
                remaining -= channel.write(buffers);
            }
        } catch (IOException failed) {
            throw new UncheckedIOException("The store's log could not be written: " + failed.getMessage(), failed);
        }
        written = upTo;
    }

    /**
     * Writes what is pending to the log now written and starts the next one: every record in the logs
     * up to the generation returned is of a change already made in the store's maps, which the commit
     * that follows will hold.
     */
    long rotate() {
        writing.lock();
        try {
            writePending();
            closeChannel();
            return generation++;
        } finally {
            writing.unlock();
        }
    }

    /** Deletes the logs up to {@code generation}, once a commit holds every change they record. */
    void deleteUpTo(long generation) {
        for (Path file : logs(storeFile)) {
            if (generationOf(storeFile, file) <= generation) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException failed) {
                    throw new UncheckedIOException("The store's log " + file + " could not be deleted", failed);
                }
            }
        }
    }

    /** Stops writing: a flush after it fails (its command is not answered "ok"); the files stay for the next open. */
    @Override
    public void close() {
        writing.lock();
        try {
            closed = true;
            closeChannel();
        } finally {
            writing.unlock();
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException failed) {
                throw new UncheckedIOException("The store's log could not be closed", failed);
            } finally {
                channel = null;
            }
        }
    }

    private Path fileOf(long generation) {
        return storeFile.resolveSibling(storeFile.getFileName() + SUFFIX + generation);
    }

    /** The logs beside the store's file, oldest first. */
    static List<Path> logs(Path storeFile) {
        Path folder = storeFile.toAbsolutePath().getParent();
        String prefix = storeFile.getFileName() + SUFFIX;
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)
                            && file.getFileName().toString().substring(prefix.length()).matches("\\d{1,18}"))
                    .sorted(Comparator.comparingLong(file -> generationOf(storeFile, file)))
                    .toList();
        } catch (IOException failed) {
            throw new UncheckedIOException("The store's logs could not be listed", failed);
        }
    }

    private static long generationOf(Path storeFile, Path log) {
        return Long.parseLong(log.getFileName().toString().substring(storeFile.getFileName().toString().length() + SUFFIX.length()));
    }

    /** Applies the log's records to the maps, in order, up to the end of the file or a torn record. */
    private static void replay(Path file, Function<String, MVMap<Object, Object>> maps) {
        ByteBuffer log;
        try {
            log = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException failed) {
            throw new UncheckedIOException("The store's log " + file + " could not be read", failed);
        }
        while (log.remaining() >= HEADER) {
            int length = log.getInt(log.position());
            int crc = log.getInt(log.position() + 4);
            if (length <= 0 || length > log.remaining() - HEADER) {
                return;
            }
            ByteBuffer payload = log.slice(log.position() + HEADER, length);
            CRC32C check = new CRC32C();
            check.update(payload.duplicate());
            if ((int) check.getValue() != crc) {
                return;
            }
            apply(payload, maps);
            log.position(log.position() + HEADER + length);
        }
    }

    private static void apply(ByteBuffer record, Function<String, MVMap<Object, Object>> maps) {
        MVMap<Object, Object> map = maps.apply(DataUtils.readString(record));
        byte operation = record.get();
        Object key = map.getKeyType().read(record);
        if (map instanceof LoggedMap<Object, Object> logged) {
            logged.applyUnlogged(key, operation == PUT ? map.getValueType().read(record) : null);
        } else if (operation == PUT) {
            map.put(key, map.getValueType().read(record));
        } else {
            map.remove(key);
        }
    }
}
