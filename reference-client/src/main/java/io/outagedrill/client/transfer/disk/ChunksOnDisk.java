package io.outagedrill.client.transfer.disk;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Checks chunks as the part file holds them against their signed SHA-256. The signed hashes are the truth about
 * what is on disk; a journal or an ETag only says where to look. Not thread-safe (one buffer).
 */
public final class ChunksOnDisk {
    private final PartFile part;
    private final Target target;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

    public ChunksOnDisk(PartFile part, Target target) {
        this.part = part;
        this.target = target;
    }

    /** True when the part file holds all of {@code chunk} and its bytes hash to the signed value. */
    public boolean matches(int chunk) throws IOException {
        long position = target.chunkStart(chunk);
        long end = position + target.chunkLength(chunk);
        if (part.channel().size() < end) {
            return false; // the file was cut short: the chunk is not there, whatever the journal says
        }
        MessageDigest digest = Sha256.newDigest();
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = part.read(buffer, position);
            if (n <= 0) {
                return false;
            }
            buffer.flip();
            digest.update(buffer);
            position += n;
        }
        return Sha256.hex(digest.digest()).equals(target.chunks().get(chunk));
    }
}
