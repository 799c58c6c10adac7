package io.outagedrill.client.transfer;

import io.outagedrill.client.transfer.http.BodyReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * A chunk's body as it arrives: each piece goes into the chunk's digest, then to {@code write} with the file offset
 * it starts at. The digest sees every byte before it is written, so what lands on disk is what gets checked.
 */
final class HashingSink implements BodyReader.Sink {
    /** Writes a piece (its position to its limit) whose first byte belongs at {@code position} in the file. */
    @FunctionalInterface
    interface PlacedWrite {
        void write(ByteBuffer piece, long position) throws IOException;
    }

    private final MessageDigest digest;
    private final PlacedWrite write;
    private long position;

    HashingSink(MessageDigest digest, long from, PlacedWrite write) {
        this.digest = digest;
        this.position = from;
        this.write = write;
    }

    @Override
    public void accept(ByteBuffer piece) throws IOException {
        int n = piece.remaining();
        int from = piece.position();
        digest.update(piece);
        piece.position(from); // the same bytes again, for the write
        write.write(piece, position);
        position += n;
    }
}
