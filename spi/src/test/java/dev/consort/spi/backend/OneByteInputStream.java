package dev.consort.spi.backend;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Hands out its bytes one per read, as a slow network does, so multi-byte characters split across reads. */
final class OneByteInputStream extends InputStream {

    private final ByteArrayInputStream bytes;
    int reads;

    OneByteInputStream(String text) {
        this.bytes = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int read() {
        reads++;
        return bytes.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        reads++;
        return len == 0 ? 0 : bytes.read(b, off, 1);
    }
}
