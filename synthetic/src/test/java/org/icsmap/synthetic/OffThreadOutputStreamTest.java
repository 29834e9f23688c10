package org.icsmap.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OffThreadOutputStreamTest {

    @Test
    void theTargetGetsEveryByteInOrderAndIsClosed() throws IOException {
        var target = new ClosingCounter();
        var expected = new ByteArrayOutputStream();
        SplittableRandom random = new SplittableRandom(7);
        try (var out = new OffThreadOutputStream(target, "test")) {
            // single bytes, small writes and writes spanning several chunks, so chunks fill at every offset
            for (int i = 0; i < 400; i++) {
                int length = random.nextInt(3) == 0 ? random.nextInt(3 * OffThreadOutputStream.CHUNK) : random.nextInt(100);
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                if (length == 1) {
                    out.write(bytes[0]);
                } else {
                    out.write(bytes, 0, length);
                }
                expected.write(bytes);
            }
        }
        assertThat(target.closed).isTrue();
        assertThat(target.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    @Timeout(30)
    void aFailureOfTheWritingThreadIsThrownToTheWriterAndByClose() {
        var failing = new FailingTarget();
        assertThatThrownBy(() -> {
            try (var out = new OffThreadOutputStream(failing, "ground truth")) {
                // far more chunks than wait in the queue: the writer must neither block nor lose the failure
                for (int i = 0; i < 10 * OffThreadOutputStream.CHUNKS_IN_FLIGHT; i++) {
                    out.write(new byte[OffThreadOutputStream.CHUNK]);
                }
            }
        }).isInstanceOf(IOException.class)
                .hasMessage("writing ground truth failed: disk full")
                .hasRootCauseMessage("disk full");
        assertThat(failing.closed).isTrue();
    }

    @Test
    @Timeout(30)
    void aFailureSeenOnlyAtCloseIsThrownByClose() {
        var failing = new FailingTarget();
        var out = new OffThreadOutputStream(failing, "ground truth");
        assertThatThrownBy(() -> {
            out.write(new byte[100]);
            out.close();
        }).isInstanceOf(IOException.class).hasRootCauseMessage("disk full");
    }

    private static final class FailingTarget extends OutputStream {
        volatile boolean closed;

        @Override
        public void write(int b) throws IOException {
            throw new IOException("disk full");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("disk full");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class ClosingCounter extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
