package io.outagedrill.client.transfer;

import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Adapts a positional write into the part file to the channel {@code transferTo} wants. */
final class PositionedChannel implements WritableByteChannel {
    private final PartFile part;
    private long position;

    PositionedChannel(PartFile part, long position) {
        this.part = part;
        this.position = position;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int n = source.remaining();
        part.write(source, position);
        position += n;
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
