package org.icsmap.synthetic;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands what is written, in chunks, to a thread of its own that writes it to {@code target}, in order. The generator
 * makes every person's rows on one thread, and compressing the ground truth was about a quarter of its time: with
 * the compression on another core the generator only copies bytes. At most {@link #CHUNKS_IN_FLIGHT} chunks wait,
 * so memory stays bounded whatever is written; an error of the writing thread is thrown by the next write or by
 * {@link #close()}.
 */
final class OffThreadOutputStream extends OutputStream {

    static final int CHUNK = 1 << 16;
    static final int CHUNKS_IN_FLIGHT = 8;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
    private final String name;
    private final Thread writer;
    private volatile IOException failure;
    private byte[] chunk = new byte[CHUNK];
    private int used;
    private boolean closed;

    OffThreadOutputStream(OutputStream target, String name) {
        this.name = name;
        writer = Thread.ofPlatform().name(name).daemon().start(() -> drain(target));
    }

    private void drain(OutputStream target) {
        try (target) {
            for (byte[] next = chunks.take(); next != END; next = chunks.take()) {
                if (failure != null) {
                    continue; // keep taking chunks after a failure, so the writer never waits on a full queue
                }
                try {
                    target.write(next);
                } catch (IOException e) {
                    failure = e;
                }
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        } catch (InterruptedException e) {
            failure = new InterruptedIOException("interrupted while writing");
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (used == CHUNK) {
            handOver();
        }
        chunk[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (used == CHUNK) {
                handOver();
            }
            int n = Math.min(length, CHUNK - used);
            System.arraycopy(bytes, offset, chunk, used, n);
            used += n;
            offset += n;
            length -= n;
        }
    }

    private void handOver() throws IOException {
        put(used == CHUNK ? chunk : Arrays.copyOf(chunk, used));
        chunk = new byte[CHUNK];
        used = 0;
    }

    private void put(byte[] bytes) throws IOException {
        if (failure != null) {
            throw failed();
        }
        enqueue(bytes);
    }

    /** Never waits for ever: the writing thread takes every chunk until the end, even after a failure. */
    private void enqueue(byte[] bytes) throws IOException {
        try {
            chunks.put(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing over output");
        }
    }

    /**
     * Waits until everything written has reached the target, and closes it; after a failure too, so the target
     * is closed and the thread ends either way.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (used > 0 && failure == null) {
            enqueue(Arrays.copyOf(chunk, used));
        }
        enqueue(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing");
        }
        if (failure != null) {
            throw failed();
        }
    }

    /**
     * A new exception each time, with the writing thread's as its cause: a write and then {@code close()} both
     * report the failure, and try-with-resources cannot add an exception to itself as suppressed.
     */
    private IOException failed() {
        return new IOException("writing " + name + " failed: " + failure.getMessage(), failure);
    }
}
